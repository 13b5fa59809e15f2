"""The capture: the writer side, which runs inside the training loop and needs torch.

It records one forward of the user's model (`recording`, `tracer`, `autograd_graph`), describes
its tensors (`statistics`, `small_stats`, `batched_stats`, `activation_samples`,
`update_ratio`, `input_fingerprint`), leaves the model as it was (`model_state`,
`fsdp_state`, `host_copies`), and writes the documents through a SummaryWriter (`writer`,
`checkpoints`, `fast_crc`). It may import the format; nothing outside it imports it but the
package's lazy `SummaryWriter` / `add_model_viz` and `integrations`.
"""
