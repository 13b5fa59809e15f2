var Gi=Object.defineProperty;var zi=(i,e,t)=>e in i?Gi(i,e,{enumerable:!0,configurable:!0,writable:!0,value:t}):i[e]=t;var c=(i,e,t)=>zi(i,typeof e!="symbol"?e+"":e,t);var we=class extends Error{constructor(t,r){super(t);c(this,"status",r);this.name="ApiError"}},hr=Vi();function Vi(){let i=typeof document>"u"?null:document.getElementById("modelviz-snapshot");if(!i?.textContent)return null;try{return new Map(Object.entries(JSON.parse(i.textContent)))}catch{return null}}function Bi(i,e){let t=Object.entries(e).map(([r,n])=>[r,String(n)]).sort(([r],[n])=>r<n?-1:r>n?1:0);return JSON.stringify([i,t])}async function Z(i,e={},t){if(hr){let a=hr.get(Bi(i,e));if(a===void 0)throw new we("This snapshot holds one step of one run (its graph, layer table, statistics, activation maps and alerts); open the run in TensorBoard for the rest.",404);return a}let r=new URLSearchParams;for(let[a,d]of Object.entries(e))r.set(a,String(d));let n="./"+i+(r.toString()?"?"+r.toString():""),s;try{s=await fetch(n,{signal:t,headers:{Accept:"application/json"}})}catch(a){throw a.name==="AbortError"?a:new we("Could not reach the TensorBoard server. Is it still running?",0)}let o=null;try{o=await s.json()}catch{o=null}if(!s.ok){let a=o&&typeof o=="object"&&typeof o.error=="string"?o.error:`The server answered ${s.status} ${s.statusText||""}`.trim()+` for ${i}.`;throw new we(a,s.status)}if(o===null||typeof o!="object")throw new we(`The server sent something that is not JSON for ${i}.`,s.status);return o}var q={runs:i=>Z("runs",{},i),structure:(i,e)=>Z("structure",{run:i.run,tag:i.tag,step:i.step},e),step:(i,e)=>Z("step",{run:i.run,tag:i.tag,step:i.step},e),activation:(i,e,t)=>Z("activation",{run:i.run,tag:i.tag,step:i.step,layer:e},t),statMatrix:(i,e,t)=>Z("stat_matrix",{run:i,tag:e,statistic:t}),layerTrends:(i,e,t)=>Z("layer_trends",{run:i,tag:e,layer:t}),alerts:(i,e)=>Z("alerts",{run:i,tag:e}),histograms:(i,e,t)=>Z("histograms",{run:i,tag:e,layer:t}),stepDiff:(i,e)=>Z("step_diff",ur(i,e)),architectureDiff:(i,e)=>Z("architecture_diff",ur(i,e))};function ur(i,e){return{run:i.run,tag:i.tag,step:i.step,run_b:e.run,tag_b:e.tag,step_b:e.step}}function Se(i){return i instanceof Error&&i.name==="AbortError"}function l(i,e={},...t){let r=document.createElement(i);if(e.class&&(r.className=e.class),e.testid&&(r.dataset.testid=e.testid),e.title&&(r.title=Ye(e.title)),e.style&&Object.assign(r.style,e.style),e.dataset&&Object.assign(r.dataset,e.dataset),e.attrs)for(let[n,s]of Object.entries(e.attrs))s==null||s===!1||r.setAttribute(n,s===!0?"":String(s));if(e.on)for(let[n,s]of Object.entries(e.on))r.addEventListener(n,s);return mr(r,...t),r}function mr(i,...e){for(let t of e)t==null||t===!1||i.appendChild(typeof t=="string"||typeof t=="number"?document.createTextNode(Ye(String(t))):t)}var Fi=/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;function Ye(i){return Fi.test(i)?`⁨${i}⁩`:i}function x(i,...e){i.textContent="",mr(i,...e)}function Re(i,e){let t=URL.createObjectURL(i),r=l("a",{attrs:{href:t,download:e},style:{display:"none"}});document.body.appendChild(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(t),1e4)}function F(i,e=16){let t="http://www.w3.org/2000/svg",{paths:r,filled:n}=ji[i],s=document.createElementNS(t,"svg");s.setAttribute("viewBox","0 0 24 24"),s.setAttribute("width",String(e)),s.setAttribute("height",String(e)),s.setAttribute("aria-hidden","true"),s.setAttribute("class",n?"icon icon-filled":"icon");for(let o of r){let a=document.createElementNS(t,"path");a.setAttribute("d",o),s.appendChild(a)}return s}var ji={play:{filled:!0,paths:["M8 5v14l11-7z"]},pause:{filled:!0,paths:["M6 5h4v14H6zM14 5h4v14h-4z"]},download:{filled:!1,paths:["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"]},search:{filled:!1,paths:["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"]},chevron:{filled:!1,paths:["M9 6l6 6l-6 6"]},activations:{filled:!1,paths:["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"]},retry:{filled:!1,paths:["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"]}};var fr=["viridis","magma","gray","diverging"],Wi={viridis:["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"],magma:["#000004","#180f3d","#440f76","#721f81","#9e2f7f","#cd4071","#f1605d","#fd9668","#feca8d","#fcfdbf"],gray:["#000000","#ffffff"],diverging:["#053061","#2166ac","#4393c3","#92c5de","#d1e5f0","#f7f7f7","#fddbc7","#f4a582","#d6604d","#b2182b","#67001f"]};function Ui(i){let e=parseInt(i.slice(1),16);return[e>>16&255,e>>8&255,e&255]}var gr=new Map;function ae(i){let e=gr.get(i);if(e)return e;let t=Wi[i].map(Ui);e=new Uint8ClampedArray(256*3);for(let r=0;r<256;r++){let n=r/255*(t.length-1),s=Math.min(Math.floor(n),t.length-2),o=n-s;for(let a=0;a<3;a++)e[r*3+a]=t[s][a]+(t[s+1][a]-t[s][a])*o}return gr.set(i,e),e}function Oe(i,e){let t=ae(i),r=Math.max(0,Math.min(255,Math.round(e*255)))*3;return`rgb(${t[r]}, ${t[r+1]}, ${t[r+2]})`}function Ze(i,e){i.width=256,i.height=1;let r=i.getContext("2d");if(!r)return;let n=r.createImageData(256,1),s=ae(e);for(let o=0;o<256;o++)n.data[o*4]=s[o*3],n.data[o*4+1]=s[o*3+1],n.data[o*4+2]=s[o*3+2],n.data[o*4+3]=255;r.putImageData(n,0,0)}function He(i){let e=Math.max(Math.abs(i.lo),Math.abs(i.hi))||1;return{lo:-e,hi:e}}function ke(i,e,t,r,n,s,o,a){i.width=Math.max(1,r),i.height=Math.max(1,n);let d=i.getContext("2d");if(!d||r===0||n===0)return;let p=ae(a),u=o.hi-o.lo||1,m=new Uint8Array(256);for(let f=0;f<256;f++){let y=(s.lo+f/255*(s.hi-s.lo)-o.lo)/u;m[f]=Math.max(0,Math.min(255,Math.round(y*255)))}let h=d.createImageData(r,n),g=h.data;for(let f=0;f<r*n;f++){let v=m[e[t+f]]*3;g[f*4]=p[v],g[f*4+1]=p[v+1],g[f*4+2]=p[v+2],g[f*4+3]=255}d.putImageData(h,0,0)}function le(i){let e=i.shape;return i.layout==="chw"?{planes:e[1],height:e[2],width:e[3]}:i.layout==="tf"?{planes:1,height:e[1],width:e[2]}:{planes:1,height:1,width:e[1]}}function ue(i,e,t){let{planes:r,width:n,height:s}=le(i);return(e*r+t)*n*s}function vr(i,e,t="viridis"){let{planes:r,width:n,height:s}=le(e);if(i.style.width="100%",i.style.height="auto",i.style.imageRendering="pixelated",e.shape[0]===0||r===0||n===0||s===0)throw new Error("the sample is empty");if(e.layout==="vec"){let h=Math.max(1,Math.round(n/12)),g=document.createElement("canvas"),f={lo:e.lo[0][0],hi:e.hi[0][0]};ke(g,e.values,0,n,1,f,f,t),i.width=n,i.height=h;let v=i.getContext("2d");if(!v)return;v.imageSmoothingEnabled=!1,v.drawImage(g,0,0,n,h);return}let o=Math.min(r,16),a=Math.ceil(Math.sqrt(o)),d=Math.ceil(o/a),p=Math.max(1,Math.round(Math.max(n,s)/16));i.width=a*n+(a-1)*p,i.height=d*s+(d-1)*p;let u=i.getContext("2d");if(!u)return;let m=document.createElement("canvas");for(let h=0;h<o;h++){let g={lo:e.lo[0][h],hi:e.hi[0][h]};ke(m,e.values,ue(e,0,h),n,s,g,g,t),u.drawImage(m,h%a*(n+p),Math.floor(h/a)*(s+p))}}var me="modelviz",Ki="experimental.DataReloaded",qi="experimental.GetURLPluginData",Je=class{constructor(){c(this,"port",null);c(this,"nextId",0);c(this,"pending",new Map);c(this,"reloadListeners",[]);if(window.parent===window)return;let e=new MessageChannel;this.port=e.port1,this.port.onmessage=t=>this.receive(t.data);try{window.parent.postMessage("experimental.bootstrap","*",[e.port2])}catch{this.port=null}}onDataReloaded(e){this.reloadListeners.push(e)}async urlData(){let e=await this.request(qi,{pluginName:me},1500);if(!e||typeof e!="object")return{};let t={};for(let[r,n]of Object.entries(e))typeof n=="string"&&(t[r]=n);return t}request(e,t,r){let n=this.port;if(!n)return Promise.resolve(null);let s=this.nextId++;return new Promise(o=>{let a=setTimeout(()=>{this.pending.delete(s),o(null)},r);this.pending.set(s,d=>{clearTimeout(a),o(d)}),n.postMessage(JSON.stringify({type:e,id:s,payload:t,error:null,isReply:!1}))})}receive(e){let t;try{t=JSON.parse(String(e))}catch{return}if(t.isReply){let n=this.pending.get(t.id);this.pending.delete(t.id),n?.(t.error?null:t.payload);return}if(t.type===Ki)for(let n of this.reloadListeners)n();let r={type:t.type,id:t.id,payload:null,error:null,isReply:!0};this.port?.postMessage(JSON.stringify(r))}};function br(i){let e=null;try{window.parent!==window&&(e=window.parent.document.body)}catch{e=null}if(e){let r=e,n=()=>i(r.classList.contains("dark-mode"));new MutationObserver(n).observe(r,{attributes:!0,attributeFilter:["class"]}),n();return}let t=window.matchMedia("(prefers-color-scheme: dark)");t.addEventListener("change",()=>i(t.matches)),i(t.matches)}function Qe(i){return l("div",{class:"mv-message",testid:"loading-state",attrs:{role:"status"}},l("div",{class:"mv-spinner"}),l("p",{},i))}function zt(i,e,t){return l("div",{class:"mv-message is-error",testid:"error-state",attrs:{role:"alert"}},l("h2",{},i),l("p",{class:"mv-error-text",testid:"error-message"},e),l("button",{class:"mv-button",attrs:{type:"button"},on:{click:t}},F("retry",14),"Try again"))}function yr(){let i=(e,t=!1)=>l("span",{class:t?"mv-code-line is-highlight":"mv-code-line"},e);return l("div",{class:"mv-message",testid:"empty-state"},l("h2",{},"No model visualizations in this log directory yet"),l("p",{},"Record your model's graph, layer table and activations by adding one line to your training loop:"),l("pre",{class:"mv-code",testid:"empty-state-code"},i("from tensorboard_modelviz import SummaryWriter"),i(""),i('writer = SummaryWriter("runs/exp1")'),i("for step, (x, y) in enumerate(loader):"),i("    ...  # forward, backward, optimizer step"),i("    if step % 100 == 0:"),i("        writer.add_model_viz(model, x, step)",!0)),l("p",{class:"mv-muted"},"Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now."))}var ge=class{constructor(e){c(this,"capacity",e);c(this,"entries",new Map)}get(e){let t=this.entries.get(e);return t!==void 0&&(this.entries.delete(e),this.entries.set(e,t)),t}set(e,t){for(this.entries.delete(e),this.entries.set(e,t);this.entries.size>this.capacity;){let r=this.entries.keys().next().value;this.entries.delete(r)}}delete(e){this.entries.delete(e)}clear(){this.entries.clear()}};function X(...i){return i.join("\0")}function Xi(i){let e=atob(i),t=new Uint8Array(e.length);for(let r=0;r<e.length;r++)t[r]=e.charCodeAt(r);return t}function xr(i,e,t,r){let n=s=>typeof s=="number"&&Number.isFinite(s)?s:0;if(!Array.isArray(i)||i.length!==e)throw new Error(`activation sample: "${r}" does not have ${e} entries`);return i.map(s=>{if(Array.isArray(s)){if(s.length!==t)throw new Error(`activation sample: "${r}" does not have ${t} channels`);return s.map(n)}return[n(s)]})}var wr={chw:4,tf:3,vec:2};function Sr(i){let{layout:e,shape:t}=i;if(!(e in wr))throw new Error(`activation sample: unknown layout "${String(e)}"`);if(!Array.isArray(t)||t.length!==wr[e]||t.some(a=>!Number.isInteger(a)||a<0))throw new Error(`activation sample: shape ${JSON.stringify(t)} does not fit layout ${e}`);let r=Xi(i.data),n=t.reduce((a,d)=>a*d,1);if(r.length!==n)throw new Error(`activation sample: ${r.length} values for shape [${t.join(", ")}]`);let s=t[0],o=e==="chw"?t[1]:1;return{key:i.key,layout:e,shape:t,sourceShape:Array.isArray(i.source_shape)?i.source_shape:t,lo:xr(i.lo,s,o,"lo"),hi:xr(i.hi,s,o,"hi"),values:r}}function et(i,e,t){return e+i/255*(t-e)}var tt=class{constructor(){c(this,"structures",new ge(8));c(this,"steps",new ge(64));c(this,"samples",new ge(96));c(this,"overTime",new ge(48))}runs(e){return q.runs(e)}step(e){let t=X(e.run,e.tag,e.step),r=this.steps.get(t);return r||(r=q.step(e).then(Zi),this.steps.set(t,r),r.catch(()=>this.steps.delete(t))),r}async structure(e,t){let r=t?this.structures.get(X(e.run,e.tag,t)):void 0;if(r)return r;let n=Yi(await q.structure(e));return this.structures.set(X(e.run,e.tag,n.hash||t||String(e.step)),n),n}sample(e,t){let r=X(e.run,e.tag,e.step,t),n=this.samples.get(r);return n||(n=q.activation(e,t).then(Sr),this.samples.set(r,n),n.catch(()=>this.samples.delete(r))),n}statMatrix(e,t,r){return this.remember(X("matrix",e,t,r),()=>q.statMatrix(e,t,r))}layerTrends(e,t,r){return this.remember(X("trends",e,t,r),()=>q.layerTrends(e,t,r))}histograms(e,t,r){return this.remember(X("histograms",e,t,r),()=>q.histograms(e,t,r))}alerts(e,t){return this.remember(X("alerts",e,t),()=>q.alerts(e,t))}stepDiff(e,t){return this.remember(X("step_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>q.stepDiff(e,t))}architectureDiff(e,t){return this.remember(X("arch_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>q.architectureDiff(e,t))}remember(e,t){let r=this.overTime.get(e);return r||(r=t(),this.overTime.set(e,r),r.catch(()=>this.overTime.delete(e))),r}invalidate(){this.steps.clear(),this.samples.clear(),this.overTime.clear()}},kr=i=>typeof i=="object"&&i!==null&&!Array.isArray(i);function Yi(i){let e=["nodes","edges","layers"].filter(t=>!Array.isArray(i[t]));if(kr(i.totals)||e.push("totals"),e.length)throw new Error(`The structure document is incomplete (no ${e.join(", ")}); it may come from an incompatible writer.`);return i}function Zi(i){if(typeof i.structure!="string")throw new Error("The step document names no structure; it may come from an incompatible writer.");for(let e of["activations","params","grads","samples"])kr(i[e])||(i[e]={});return i}var Tr=["","k","M","G","T","P","E"];function Vt(i,e,t){let r=0,n=Math.abs(i);for(;n>=e&&r<t.length-1;)n/=e,r++;let s=r===0?0:n<10?2:n<100?1:0;return[(i<0?"-":"")+n.toFixed(s).replace(/\.0+$/,""),t[r]]}function A(i){if(i==null)return"–";let[e,t]=Vt(i,1e3,Tr);return t?`${e} ${t}`:e}function j(i){if(i==null)return"–";if(i===0)return"0";let[e,t]=Vt(i,1e3,Tr);return`${e} ${t}FLOPs`}function W(i){if(i==null)return"–";let[e,t]=Vt(i,1024,["B","KiB","MiB","GiB","TiB","PiB"]);return`${e} ${t}`}function I(i){return typeof i!="number"?"–":i.toLocaleString("en-US")}function Y(i){return i?"["+i.join(", ")+"]":"–"}function ie(i){return i==null?"?":i.length===0?"scalar":i.join("×")}function De(i){return!i||i.length===0?"–":i.map(Y).join(" ")}function S(i){if(typeof i!="number")return"–";if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(2):Number(i.toPrecision(4)).toString()}function rt(i,e,t){return Array.isArray(i)&&i.includes(e)&&t!=="–"?`≈ ${t}`:t}function J(i){if(typeof i!="number")return"–";let e=i*100;return(e===0||e>=10?e.toFixed(0):e.toFixed(1))+" %"}function Bt(i,e,t){let r=s=>Array.isArray(s)?s.join("×"):String(s),n=[];return i!=null&&n.push(r(i)),e!=null&&(Array.isArray(e)?e:[e]).some(o=>o!==1)&&n.push("/"+r(e)),t&&t>1&&n.push("g"+t),n.join(" ")}function Mr(i){return i?new Date(i*1e3).toLocaleString():""}function it(i,e){return e&&i.startsWith(e+".")?i.slice(e.length+1):i}var Ji=[["graph","Graph"],["layers","Layers"],["activations","Activations"],["trends","Trends"],["compare","Compare"],["alerts","Alerts"]],nt=class{constructor(e){c(this,"element");c(this,"runSelect");c(this,"tagSelect");c(this,"tagField");c(this,"slider");c(this,"stepLabel");c(this,"stepDetail");c(this,"playButton");c(this,"stepField");c(this,"tabs",new Map);c(this,"alertCount");c(this,"summary");c(this,"progress");c(this,"steps",[]);this.runSelect=l("select",{testid:"run-select",attrs:{"aria-label":"Run"},on:{change:()=>e.onRun(this.runSelect.value)}}),this.tagSelect=l("select",{testid:"tag-select",attrs:{"aria-label":"Model tag"},on:{change:()=>e.onTag(this.tagSelect.value)}}),this.tagField=l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Model"),this.tagSelect),this.slider=l("input",{testid:"step-slider",class:"mv-slider",attrs:{type:"range",min:0,max:0,step:1,value:0,"aria-label":"Step"},on:{input:()=>{let r=this.steps[Number(this.slider.value)];r!==void 0&&(this.showStepLabel(r),e.onStep(r))}}}),this.playButton=l("button",{testid:"play-button",class:"mv-icon-button",title:"Play through the steps",attrs:{type:"button","aria-label":"Play"},on:{click:()=>e.onTogglePlay()}}),this.stepLabel=l("span",{class:"mv-step-value",testid:"step-value"}),this.stepDetail=l("span",{class:"mv-step-detail"}),this.stepField=l("div",{class:"mv-step"},this.playButton,l("span",{class:"mv-field-label"},"Step"),this.slider,l("span",{class:"mv-step-readout"},this.stepLabel,this.stepDetail));let t=l("nav",{class:"mv-tabs",attrs:{role:"tablist"}});for(let[r,n]of Ji){let s=l("button",{class:"mv-tab",testid:`tab-${r}`,dataset:{view:r},attrs:{type:"button",role:"tab"},on:{click:()=>e.onView(r)}},n);this.tabs.set(r,s),t.appendChild(s)}this.alertCount=l("span",{class:"mv-tab-count",testid:"alert-count"}),this.alertCount.hidden=!0,this.tabs.get("alerts").appendChild(this.alertCount),this.summary=l("div",{class:"mv-summary",testid:"model-summary"}),this.progress=l("div",{class:"mv-progress",attrs:{"aria-hidden":"true"}}),this.element=l("header",{class:"mv-toolbar"},l("div",{class:"mv-toolbar-row"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),this.tagField,this.stepField),l("div",{class:"mv-toolbar-row mv-toolbar-tabs"},t,this.summary),this.progress),this.setPlaying(!1)}setRuns(e,t,r){x(this.runSelect,...e.map(s=>l("option",{attrs:{value:s.run}},s.run))),this.runSelect.value=t,this.runSelect.title=t;let n=e.find(s=>s.run===t)?.tags??[];x(this.tagSelect,...n.map(s=>l("option",{attrs:{value:s.tag}},s.tag))),this.tagSelect.value=r,this.tagField.hidden=n.length<2}setSteps(e,t){this.steps=e,this.slider.max=String(Math.max(0,e.length-1));let r=e.indexOf(t);this.slider.value=String(Math.max(0,r)),this.slider.disabled=e.length<2,this.playButton.disabled=e.length<2,this.showStepLabel(t)}setStepDetail(e){let t=this.steps.indexOf(Number(this.stepLabel.dataset.step)),r=this.steps.length>1?`${t+1} of ${this.steps.length}`:"only step";this.stepDetail.textContent=e?`${r} · ${Mr(e)}`:r}showStepLabel(e){this.stepLabel.textContent=String(e),this.stepLabel.dataset.step=String(e)}setPlaying(e){x(this.playButton,F(e?"pause":"play",18)),this.playButton.title=e?"Pause":"Play through the steps",this.playButton.setAttribute("aria-label",e?"Pause":"Play"),this.playButton.classList.toggle("is-active",e)}setView(e){for(let[t,r]of this.tabs)r.classList.toggle("is-active",t===e),r.setAttribute("aria-selected",String(t===e))}setAlertCount(e){this.alertCount.hidden=e===null,this.alertCount.textContent=e===null?"":String(e),this.alertCount.classList.toggle("is-alert",(e??0)>0)}setLoading(e){this.progress.classList.toggle("is-loading",e)}setHasData(e){this.element.classList.toggle("is-empty",!e)}setSummary(e){if(!e){this.summary.textContent="";return}let t=e.totals,r=(s,o,a)=>l("span",{class:"mv-chip",title:a},l("span",{class:"mv-chip-label"},s),o),n=e.inputs[0];x(this.summary,l("span",{class:"mv-model-type",title:"Model class"},e.model_type),r("params",A(t.params),`${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`),r("compute",j(t.flops),"Floating-point operations of one forward pass"),r("activations",W(t.output_bytes),"Bytes returned by all leaf module calls in one forward pass"),n?r("input",Y(n.shape),`${n.name}: ${n.dtype}`):null)}};var jt=["graph","layers","activations","trends","compare","alerts"],Qi=["run","tag","step","view","layer","stat","overlay","direction","ref_run","ref_step"],fe=`p.${me}.`;function Pe(i){let e=[];for(let t of i.replace(/^#/,"").split("&")){if(!t)continue;let r=t.indexOf("=");try{r<0?e.push([decodeURIComponent(t),""]):e.push([decodeURIComponent(t.slice(0,r)),decodeURIComponent(t.slice(r+1))])}catch{}}return e}function Ie(i){return i.map(([e,t])=>t===""&&!e.startsWith(fe)?encodeURIComponent(e):`${encodeURIComponent(e)}=${encodeURIComponent(t)}`).join("&")}function ot(i){let e={};return i.run&&(e.run=i.run),i.tag&&(e.tag=i.tag),i.step!==void 0&&/^-?\d+$/.test(i.step)&&(e.step=Number(i.step)),jt.includes(i.view)&&(e.view=i.view),i.layer&&(e.layer=i.layer),i.stat&&(e.stat=i.stat),i.overlay&&(e.overlay=i.overlay),i.direction==="backward"&&(e.direction="backward"),i.ref_run&&(e.ref_run=i.ref_run),i.ref_step!==void 0&&/^-?\d+$/.test(i.ref_step)&&(e.ref_step=Number(i.ref_step)),e}function Wt(){return ot(Object.fromEntries(Pe(window.location.hash)))}function Ut(){try{if(window.parent===window)return null;let i={};for(let[e,t]of Pe(window.parent.location.hash))e.startsWith(fe)&&(i[e.slice(fe.length)]=t);return ot(i)}catch{return null}}function _e(i){let e=[];for(let t of Qi){let r=i[t];r!==void 0&&r!==""&&e.push([t,String(r)])}return e}function st(i,e){let t=new URL(i);return t.hash=e,t.href}function en(i,e="replace"){let t=Ie(_e(i)),r=window.location.hash.replace(/^#/,"")!==t,n=r&&e==="push"&&Lr(i,"push");if(r){let s=st(window.location.href,t);e==="push"&&!n&&!tn()?history.pushState(history.state,"",s):history.replaceState(history.state,"",s)}n||Lr(i,"replace")}function Er(i){try{if(window.parent!==window){let e=window.parent,r=Pe(e.location.hash).filter(([s])=>!s.startsWith(fe));(r.length===0||r[0][0]!==me)&&r.unshift([me,""]);let n=_e(i).map(([s,o])=>[fe+s,o]);return st(e.location.href,Ie([...r,...n]))}}catch{}return st(window.location.href,Ie(_e(i)))}function tn(){try{return window.parent!==window}catch{return!0}}function Lr(i,e){try{if(window.parent===window)return!1;let t=window.parent,r=Pe(t.location.hash);if(r.length===0||r[0][0]!==me||r[0][1]!=="")return!1;let n=r.filter(([d])=>!d.startsWith(fe)),s=_e(i).map(([d,p])=>[fe+d,p]),o=Ie([...n,...s]);if(t.location.hash.replace(/^#/,"")===o)return!1;let a=st(t.location.href,o);return e==="push"?t.history.pushState(t.history.state,"",a):t.history.replaceState(t.history.state,"",a),!0}catch{return!1}}function Nr(i){let e=Ft(),t=()=>{if(!rn())return;let n=Ft();n!==e&&(e=n,i(Cr()))},r=[window];try{window.parent!==window&&(window.parent.location.hash,r.push(window.parent))}catch{}for(let n of r)n.addEventListener("popstate",t),n.addEventListener("hashchange",t);Ar=()=>{e=Ft()}}function Cr(){return Ut()??Wt()}function Ft(){return Ie(_e(Cr()))}function rn(){try{if(window.parent===window)return!0;let i=Pe(window.parent.location.hash);return i.length>0&&i[0][0]===me&&i[0][1]===""}catch{return!0}}var Ar=()=>{};function $r(i,e="replace"){en(i,e),Ar()}var nn="http://www.w3.org/2000/svg";function V(i,e,t){let r=document.createElementNS(nn,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function ne(i,e,t,r,n,s="mv-axis-label"){let o=V("text",{x:e,y:t,"text-anchor":n,class:s},i);return o.textContent=r,o}function Rr(i,e,t=420,r=150){let n=V("svg",{viewBox:`0 0 ${t} ${r}`,class:"mv-chart",role:"img","aria-label":"Histogram of output values"}),s={left:8,right:8,top:8,bottom:22},o=t-s.left-s.right,a=r-s.top-s.bottom,d=i.counts??[],p=i.lo??0,u=i.hi??0,m=v=>e?Math.log10(1+v):v,h=Math.max(1e-12,...d.map(m)),g=d.length?o/d.length:o,f=d.reduce((v,y)=>v+y,0);if(d.forEach((v,y)=>{let b=m(v)/h*a,L=p+(u-p)*y/d.length,k=p+(u-p)*(y+1)/d.length,E=V("rect",{x:s.left+y*g+.5,y:s.top+a-b,width:Math.max(.5,g-1),height:Math.max(v>0?1:0,b),class:"mv-bar"},n);V("title",{},E).textContent=`[${S(L)}, ${S(k)}): ${v.toLocaleString("en-US")} values (${f?(100*v/f).toFixed(1):0} %)`}),V("line",{x1:s.left,x2:t-s.right,y1:s.top+a+.5,y2:s.top+a+.5,class:"mv-axis"},n),p<0&&u>0){let v=s.left+(0-p)/(u-p)*o;V("line",{x1:v,x2:v,y1:s.top,y2:s.top+a,class:"mv-zero-line"},n),v>s.left+40&&v<t-s.right-40&&ne(n,v,r-6,"0","middle")}return ne(n,s.left,r-6,S(p),"start"),ne(n,t-s.right,r-6,S(u),"end"),n}function Or(i,e,t,r=420,n=150){let s=V("svg",{viewBox:`0 0 ${r} ${n}`,class:"mv-chart mv-history",role:"img","aria-label":"Output statistics over steps"}),o={left:48,right:10,top:8,bottom:22},a=r-o.left-o.right,d=n-o.top-o.bottom,p=i.filter(T=>T.mean!==null&&T.std!==null);if(p.length===0)return ne(s,r/2,n/2,"No statistics recorded for this layer","middle"),s;if(i.length<2)return ne(s,r/2,n/2,"One step so far: the history appears from the second step","middle"),s;let u=i.map(T=>T.step),m=Math.min(...u),h=Math.max(...u),g=1/0,f=-1/0;for(let T of p)g=Math.min(g,T.min??T.mean-T.std,T.mean-T.std),f=Math.max(f,T.max??T.mean+T.std,T.mean+T.std);g===f&&(g-=1,f+=1);let v=T=>o.left+(h===m?a/2:(T-m)/(h-m)*a),y=T=>o.top+d-(T-g)/(f-g)*d,b=T=>T.map(([z,P],re)=>`${re?"L":"M"}${v(z).toFixed(1)},${y(P).toFixed(1)}`).join(""),L=p.filter(T=>T.min!==null&&T.max!==null);if(L.length){let T=L.map(P=>[P.step,P.max]),z=L.map(P=>[P.step,P.min]).reverse();V("path",{d:b(T)+b(z).replace(/^M/,"L")+"Z",class:"mv-band-range"},s)}let k=p.map(T=>[T.step,T.mean+T.std]),E=p.map(T=>[T.step,T.mean-T.std]).reverse();V("path",{d:b(k)+b(E).replace(/^M/,"L")+"Z",class:"mv-band-std"},s),V("path",{d:b(p.map(T=>[T.step,T.mean])),class:"mv-line-mean"},s),g<0&&f>0&&V("line",{x1:o.left,x2:r-o.right,y1:y(0),y2:y(0),class:"mv-zero-line"},s),ne(s,o.left-6,o.top+8,S(f),"end"),ne(s,o.left-6,o.top+d,S(g),"end"),ne(s,o.left,n-6,`step ${m}`,"start"),ne(s,r-o.right,n-6,`step ${h}`,"end");let $=v(e);V("line",{x1:$,x2:$,y1:o.top,y2:o.top+d,class:"mv-cursor"},s);let _=p.find(T=>T.step===e);return _&&V("circle",{cx:$,cy:y(_.mean),r:3.5,class:"mv-cursor-dot"},s),s.addEventListener("click",T=>{let z=s.getBoundingClientRect(),P=(T.clientX-z.left)/z.width*r,re=i[0].step;for(let w of i)Math.abs(v(w.step)-P)<Math.abs(v(re)-P)&&(re=w.step);t(re)}),s}var sn=64;function on(i,e){if(i!=="auto")return i;let t=!1,r=!1;for(let n=0;n<e.lo.length;n++)for(let s=0;s<e.lo[n].length;s++)e.lo[n][s]<0&&(t=!0),e.hi[n][s]>0&&(r=!0);return t&&r?"diverging":"viridis"}function an(i,e){return{lo:Math.min(...i.lo[e]),hi:Math.max(...i.hi[e])}}var at=class{constructor(e,t){c(this,"options",e);c(this,"onOptions",t);c(this,"element");c(this,"controls");c(this,"canvasArea");c(this,"legend");c(this,"readout");c(this,"sample",null);this.controls=l("div",{class:"mv-sample-controls"}),this.canvasArea=l("div",{class:"mv-sample-canvases"}),this.legend=l("div",{class:"mv-legend",testid:"activation-legend"}),this.readout=l("div",{class:"mv-readout mv-mono"}," "),this.element=l("div",{class:"mv-sample"},this.controls,this.canvasArea,l("div",{class:"mv-sample-footer"},this.legend,this.readout))}setSample(e){this.sample=e,this.options.item>=e.shape[0]&&(this.options={...this.options,item:0}),this.render()}update(e){this.options={...this.options,...e},this.onOptions(this.options),this.render()}render(){let e=this.sample;if(!e)return;let t=on(this.options.colormap,e);this.renderControls(e),e.layout==="chw"?this.renderChannels(e,t):e.layout==="tf"?this.renderSequence(e,t):this.renderVectors(e,t)}renderControls(e){let t=(s,o,a,d,p)=>{let u=l("select",{testid:o,on:{change:()=>p(u.value)}},...d.map(([m,h])=>l("option",{attrs:{value:m}},h)));return u.value=a,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},s),u)},r=e.shape[0],n=e.layout==="chw"?l("div",{class:"mv-segmented",attrs:{role:"group","aria-label":"Colour scale"}},...["shared","channel"].map(s=>l("button",{class:"mv-segment"+(this.options.scale===s?" is-active":""),testid:`scale-${s}`,title:s==="shared"?"One colour scale for all channels: compare magnitudes":"Each channel scaled to its own range: see the pattern in weak channels",attrs:{type:"button","aria-pressed":String(this.options.scale===s)},on:{click:()=>this.update({scale:s})}},s==="shared"?"Shared scale":"Per channel"))):null;x(this.controls,r>1?t("Batch item","sample-item",String(this.options.item),Array.from({length:r},(s,o)=>[String(o),`#${o}`]),s=>this.update({item:Number(s)})):null,t("Colours","colormap-select",this.options.colormap,[["auto","auto"],...fr.map(s=>[s,s])],s=>this.update({colormap:s})),n,l("span",{class:"mv-muted mv-sample-shape",title:"The stored sample is downsampled from the layer's output"},`sample ${Y(e.shape)} of output ${Y(e.sourceShape)}`))}renderLegend(e,t){let r=l("canvas",{class:"mv-colorbar"});Ze(r,e);let n=t?[S(t.lo),t.lo<0&&t.hi>0&&e==="diverging"?"0":"",S(t.hi)]:["channel min","","channel max"];x(this.legend,l("div",{class:"mv-colorbar-wrap"},r,l("div",{class:"mv-colorbar-labels mv-mono"},...n.map(s=>l("span",{},s)))))}attachReadout(e,t){e.addEventListener("mousemove",r=>{let n=e.getBoundingClientRect(),s=Math.floor((r.clientX-n.left)/n.width*e.width),o=Math.floor((r.clientY-n.top)/n.height*e.height);s<0||o<0||s>=e.width||o>=e.height||(this.readout.textContent=t(s,o))}),e.addEventListener("mouseleave",()=>this.readout.textContent=" ")}renderChannels(e,t){let{planes:r,width:n,height:s}=le(e),o=this.options.item,a=this.options.scale==="shared",d=t==="diverging",p=an(e,o);d&&(p=He(p));let u=Math.max(1,Math.floor(96/Math.max(n,s,1))),m=this.options.showAllChannels?r:Math.min(r,sn),h=l("div",{class:"mv-channel-grid",style:{gridTemplateColumns:`repeat(auto-fill, minmax(${Math.max(n*u,40)}px, 1fr))`}});for(let f=0;f<m;f++){let v={lo:e.lo[o][f],hi:e.hi[o][f]},y=a?p:d?He(v):v,b=l("canvas",{class:"mv-heatmap",testid:"activation-canvas",dataset:{channel:String(f)},style:{width:`${n*u}px`,maxWidth:"100%",aspectRatio:`${n} / ${s}`}});ke(b,e.values,ue(e,o,f),n,s,v,y,t);let L=ue(e,o,f);this.attachReadout(b,(k,E)=>`channel ${f} · (${E}, ${k}) = ${S(et(e.values[L+E*n+k],v.lo,v.hi))}`),h.appendChild(l("figure",{class:"mv-channel",title:`channel ${f}: ${S(v.lo)} … ${S(v.hi)}`},b,l("figcaption",{class:"mv-mono"},String(f))))}let g=r>m?l("button",{class:"mv-button",testid:"show-all-channels",attrs:{type:"button"},on:{click:()=>this.update({showAllChannels:!0})}},`Show all ${r} channels`):null;x(this.canvasArea,h,g),this.renderLegend(t,a?p:null)}renderSequence(e,t){let{width:r,height:n}=le(e),s=this.options.item,o={lo:e.lo[s][0],hi:e.hi[s][0]},a=t==="diverging"?He(o):o,d=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(480,Math.max(80,n*6))}px`}}),p=ue(e,s,0);ke(d,e.values,p,r,n,o,a,t),this.attachReadout(d,(u,m)=>`token ${m} · feature ${u} = ${S(et(e.values[p+m*r+u],o.lo,o.hi))}`),x(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${r})`),l("div",{class:"mv-heatmap-row"},l("div",{class:"mv-axis-caption mv-axis-vertical mv-muted"},`tokens ↓ (${n})`),d)),this.renderLegend(t,a)}renderVectors(e,t){let[r,n]=e.shape,s=t==="diverging",o={lo:Math.min(...e.lo.map(u=>u[0])),hi:Math.max(...e.hi.map(u=>u[0]))};s&&(o=He(o));let a=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(320,Math.max(28,r*28))}px`}});a.width=Math.max(1,n),a.height=Math.max(1,r);let d=a.getContext("2d"),p=document.createElement("canvas");for(let u=0;u<r&&d;u++)ke(p,e.values,u*n,n,1,{lo:e.lo[u][0],hi:e.hi[u][0]},o,t),d.drawImage(p,0,u);this.attachReadout(a,(u,m)=>`item ${m} · feature ${u} = ${S(et(e.values[m*n+u],e.lo[m][0],e.hi[m][0]))}`),x(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${n})${r>1?`, one row per batch item (${r})`:""}`),a),this.renderLegend(t,o)}};var ln=[["graph","Graph","Show this layer in the graph"],["activations","Activations","Show this layer's activation maps and statistics"],["trends","Trends","Show this layer's statistics over the steps"],["compare","Compare","Compare this layer between two steps or runs"]],Te=null;function Hr(i){Te=i}function Q(i,e,t=!1){return l("span",{class:"mv-layer-links"+(t?" is-compact":""),testid:"layer-links",dataset:{key:i}},...ln.filter(([r])=>r!==e).map(([r,n,s])=>l("a",{class:"mv-layer-link",title:s,dataset:{view:r},attrs:{href:Te?.href(r,i)??"#",target:"_top"},on:{click:o=>{o.stopPropagation(),!(o.button!==0||o.metaKey||o.ctrlKey||o.shiftKey||o.altKey||!Te)&&(o.preventDefault(),Te.open(r,i))},mouseenter:o=>{let a=o.currentTarget;Te&&(a.href=Te.href(r,i))}}},t?n.slice(0,1):n)))}var lt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"pickerFilter");c(this,"pickerList");c(this,"detail");c(this,"structure",null);c(this,"stepDoc",null);c(this,"at",null);c(this,"layer",null);c(this,"visible",!1);c(this,"logHistogram",null);c(this,"sampleOptions",{colormap:"auto",scale:"shared",item:0,showAllChannels:!1});c(this,"generation",0);c(this,"renderedFor","");this.pickerFilter=l("input",{class:"mv-search",testid:"activation-layer-filter",attrs:{type:"search",placeholder:"Find a layer","aria-label":"Find a layer"},on:{input:()=>this.renderPicker()}}),this.pickerList=l("div",{class:"mv-picker-list",testid:"activation-layer-list",attrs:{role:"listbox","aria-label":"Layers"}}),this.detail=l("div",{class:"mv-activation-detail",testid:"activation-detail"}),this.element=l("section",{class:"mv-view mv-activations"},l("aside",{class:"mv-picker"},l("div",{class:"mv-picker-head"},this.pickerFilter),this.pickerList,l("div",{class:"mv-picker-foot mv-muted"},l("span",{class:"mv-sample-dot is-legend"}),"activation sample stored at this step")),this.detail)}setData(e,t,r){let n=e!==this.structure;this.structure=e,this.stepDoc=t,this.at=r,n?this.renderPicker():this.updatePickerMarks(),(this.layer===null||!e.layers.some(s=>s.key===this.layer))&&(this.layer=this.defaultLayer()),this.refresh()}setLayer(e){if(!(e===null||e===this.layer)){this.layer=e,this.sampleOptions={...this.sampleOptions,showAllChannels:!1};for(let t of this.pickerList.querySelectorAll("[data-key]")){let r=t.dataset.key===e;t.classList.toggle("is-selected",r),t.setAttribute("aria-selected",String(r)),r&&this.visible&&t.scrollIntoView({block:"nearest"})}this.refresh()}}setVisible(e){this.visible=e,e&&(this.pickerList.querySelector(".is-selected")?.scrollIntoView({block:"nearest"}),this.refresh())}defaultLayer(){let e=this.stepDoc?.samples??{},t=this.structure?.layers??[];return t.find(r=>r.key in e)?.key??t.find(r=>r.node!==null&&r.parent!==null)?.key??t[0]?.key??null}renderPicker(){let e=this.structure?.layers??[],t=this.pickerFilter.value.trim().toLowerCase(),r=this.stepDoc?.samples??{},n=document.createDocumentFragment(),s=0,o=new Map(e.map(a=>[a.key,a.name]));for(let a of e){if(a.node===null||t&&!a.name.toLowerCase().includes(t)&&!a.type.toLowerCase().includes(t))continue;s++;let d=a.parent===null;n.appendChild(l("button",{class:"mv-picker-item"+(a.key===this.layer?" is-selected":"")+(a.key in r?" has-sample":""),testid:"activation-layer",dataset:{key:a.key},title:`${a.name||this.structure?.model_type||"model"} (${a.type})${a.calls>1?`, call ${a.call+1} of ${a.calls}`:""}`,attrs:{type:"button",role:"option","aria-selected":String(a.key===this.layer)},style:{paddingLeft:`${8+(t?0:Math.min(a.depth,8)*12)}px`},on:{click:()=>this.handlers.onSelect(a.key)}},l("span",{class:"mv-sample-dot",title:"Has an activation sample at this step"}),l("span",{class:"mv-picker-name"},d?this.structure?.model_type??"model":t?a.name:it(a.name,a.parent===null?null:o.get(a.parent))),a.calls>1?l("span",{class:"mv-badge"},`#${a.call+1}`):null,l("span",{class:"mv-picker-type"},a.type)))}x(this.pickerList),this.pickerList.appendChild(n),s===0&&this.pickerList.appendChild(l("div",{class:"mv-muted mv-picker-empty"},"No layer matches."))}updatePickerMarks(){let e=this.stepDoc?.samples??{};for(let t of this.pickerList.querySelectorAll("[data-key]"))t.classList.toggle("has-sample",t.dataset.key in e)}refresh(){if(!this.visible||!this.structure||!this.stepDoc||!this.at)return;let e=[this.at.run,this.at.tag,this.at.step,this.layer,this.structure.hash].join("\0");if(e===this.renderedFor)return;let t=!this.renderedFor.endsWith("\0"+this.layer+"\0"+this.structure.hash);this.renderedFor=e,this.renderDetail(t)}renderDetail(e){let t=++this.generation,r=this.structure,n=this.stepDoc,s=this.at,o=r.layers.find(h=>h.key===this.layer);if(!o){x(this.detail,l("div",{class:"mv-placeholder"},l("p",{},"Pick a layer on the left to see its activations.")));return}let a=n.activations[o.key]??null,d=n.samples[o.key],p=l("div",{class:"mv-card mv-sample-card"},l("h3",{},"Output sample")),u=this.detail.querySelector(".mv-sample-card .mv-sample"),m=l("div",{class:"mv-card"},l("h3",{},"Over training"),l("div",{class:"mv-muted mv-chart-placeholder"},"Loading…"));x(this.detail,this.header(o,r),this.statsGrid(a),l("div",{class:"mv-card-row"},this.histogramCard(a),m),p,this.parametersCard(o,n)),n.capture?.warnings?.length&&this.detail.appendChild(l("div",{class:"mv-card mv-warnings"},l("h3",{},"Capture warnings"),...n.capture.warnings.map(h=>l("p",{},h)))),d?(u&&!e?p.appendChild(u):p.appendChild(l("div",{class:"mv-muted mv-chart-placeholder",testid:"sample-loading"},"Loading sample…")),this.store.sample(s,o.key).then(h=>{if(t!==this.generation)return;let g=new at(this.sampleOptions,f=>this.sampleOptions=f);g.setSample(h),x(p,l("h3",{},"Output sample"),g.element)},h=>{t!==this.generation||Se(h)||x(p,l("h3",{},"Output sample"),l("p",{class:"mv-error-text"},h.message))})):p.appendChild(l("p",{class:"mv-muted",testid:"no-sample"},a?`No sample of this layer's output was stored at step ${s.step}; the statistics above cover the whole output.`:`This call did not record its output at step ${s.step}.`)),this.store.layerTrends(s.run,s.tag,o.key).then(h=>{if(t!==this.generation)return;let g=(v,y)=>h.statistics[v]?.[y]??null,f=h.steps.map((v,y)=>({step:v,mean:g("activation_mean",y),std:g("activation_std",y),min:g("activation_min",y),max:g("activation_max",y)}));x(m,l("h3",{},"Over training",l("span",{class:"mv-card-note"},"mean ± std, min–max; click to jump")),Or(f,s.step,v=>this.handlers.onStep(v)))},h=>{t===this.generation&&x(m,l("h3",{},"Over training"),l("p",{class:"mv-error-text"},h.message))})}header(e,t){let r=e.parent===null?t.model_type:e.name;return l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"activation-layer-name"},r),l("span",{class:"mv-type-chip",title:e.extra?`${e.type}(${e.extra})`:e.type},e.type),e.calls>1?l("span",{class:"mv-badge"},`call ${e.call+1} of ${e.calls}`):null,l("span",{class:"mv-muted mv-mono"},`${De(e.input_shapes)} → ${De(e.output_shapes)}`),l("span",{class:"mv-spacer"}),Q(e.key,"activations"))}statsGrid(e){if(!e)return l("div",{class:"mv-card mv-muted"},"No statistics were recorded for this call at this step.");let t=(r,n,s,o,a=!1)=>{let d=rt(e.estimated,r,s);return l("div",{class:"mv-stat"+(a?" is-warn":""),title:d===s?o:`${o}, estimated from a subset of the values`},l("div",{class:"mv-stat-label"},n),l("div",{class:"mv-stat-value mv-mono"},d))};return l("div",{class:"mv-stats",testid:"activation-stats"},t("mean","mean",S(e.mean),"Mean of the finite values"),t("std","std",S(e.std),"Standard deviation of the finite values"),t("min","min",S(e.min),"Smallest finite value"),t("max","max",S(e.max),"Largest finite value"),t("absmax","|max|",S(e.absmax),"Largest magnitude"),t("zeros","zeros",J(e.zeros),"Fraction of exact zeros",(e.zeros??0)>.9),t("nan","NaN",I(e.nan),"Count of NaN values",e.nan>0),t("inf","Inf",I(e.inf),"Count of infinite values",e.inf>0),t("numel","values",A(e.numel),`${I(e.numel)} values in the whole output`))}histogramCard(e){let t=l("div",{class:"mv-card"}),r=e?.hist?.counts??[],n=r.reduce((a,d)=>a+d,0),s=n>0&&Math.max(...r)>.5*n,o=()=>{let a=this.logHistogram??s,d=l("label",{class:"mv-check",title:"Logarithmic counts: shows the tails next to a spike"},l("input",{testid:"histogram-log",attrs:{type:"checkbox",checked:a},on:{change:p=>{this.logHistogram=p.target.checked,o()}}}),"log");x(t,l("h3",{},"Histogram",l("span",{class:"mv-card-note"},d)),e?.hist&&r.length?Rr(e.hist,a):l("p",{class:"mv-muted"},"No histogram recorded."))};return o(),t}parametersCard(e,t){let r=e.param_names??[];if(r.length===0)return null;let s=l("tr",{},...[["parameter","Qualified parameter name"],["mean","Mean of the weights"],["std","Standard deviation of the weights"],["norm","L2 norm of the weights"],["grad norm","L2 norm of the gradient when the step was recorded"],["update","Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"]].map(([a,d],p)=>l("th",{class:p?"is-numeric":"",title:d},a))),o=r.map(a=>{let d=t.params[a],p=t.grads[a],u=t.updates?.[a];return l("tr",{},l("td",{class:"mv-mono"},a),l("td",{class:"is-numeric"},S(d?.mean)),l("td",{class:"is-numeric"},S(d?.std)),l("td",{class:"is-numeric"},S(d?.norm)),l("td",{class:"is-numeric"+(p?"":" is-muted"),title:p?void 0:"No gradient was set when this step was recorded"},p?S(p.norm):"–"),l("td",{class:"is-numeric"+(u==null?" is-muted":""),title:u===void 0?"Not tracked (first recorded step, or update tracking off)":void 0},S(u)))});return l("div",{class:"mv-card"},l("h3",{},"Parameters"),l("table",{class:"mv-table mv-compact"},l("thead",{},s),l("tbody",{},...o)))}};function U(i){return i.name||i.type||"(model)"}function Dr(i,e=i,t){let r=i.lastIndexOf(".",i.length-2),n=r>0?i.slice(0,r+1):"",s=r>0?i.slice(r+1):i;return l("span",{class:"mv-elide mv-mono",title:e,testid:t,attrs:{"aria-label":i}},n?l("span",{class:"mv-elide-head"},l("bdi",{},n)):null,l("span",{class:"mv-elide-tail"},s))}var dn={nonfinite:"NaN / Inf",exploding:"exploding",vanishing:"vanishing",dead:"dead units",saturated:"saturated",not_learning:"not learning",lr_too_high:"learning rate too high",no_gradient:"no gradient"},cn=[["NaN / Inf","the first step and layer where a non-finite value appears"],["dead units","ReLU outputs that are at least 90 % zeros"],["saturated","tanh/sigmoid outputs mostly at their bounds"],["exploding / vanishing","output or gradient norms that jump 100× between logged steps, or early layers' gradients 1000× off the last layer's"],["not learning","trainable layers whose weights stop changing while others train"],["learning rate too high","weights that change by more than 10 % of their size per step"],["no gradient","trainable parameters the backward graph's scalar cannot reach (a detach, a no-grad region, an argmax, never used)"]];function Me(i){return dn[i]??i}var dt=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"body");this.body=l("div",{class:"mv-alerts-body",testid:"alerts-view"}),this.element=l("section",{class:"mv-view mv-alerts"},this.body)}showLoading(){x(this.body,l("p",{class:"mv-muted"},"Checking every logged step…"))}showError(e){x(this.body,l("p",{class:"mv-error-text",testid:"alerts-error"},e))}setAlerts(e,t){let r=l("details",{class:"mv-alert-checks"},l("summary",{},"What is checked"),l("ul",{},...cn.map(([o,a])=>l("li",{},l("strong",{},o),": ",a)))),n=`${e.steps.length} logged step${e.steps.length===1?"":"s"} of “${t}”`,s=e.unreadable.length?l("p",{class:"mv-muted"},`${e.unreadable.length} damaged step(s) could not be read and were left out: ${e.unreadable.map(o=>o.step).join(", ")}.`):null;if(e.alerts.length===0){x(this.body,l("div",{class:"mv-alerts-ok",testid:"alerts-none"},l("h2",{},"No problems found"),l("p",{class:"mv-muted"},`Checked ${n}.`)),s,r);return}x(this.body,l("h2",{class:"mv-alerts-title"},`${e.alerts.length} problem${e.alerts.length===1?"":"s"} found in ${n}`),l("p",{class:"mv-muted"},"Each starts at the layer and step shown; click one to open that layer at that step in Trends."),l("ol",{class:"mv-alert-list"},...e.alerts.map(o=>this.item(o))),s,r)}item(e){return l("li",{},l("button",{class:"mv-alert",testid:"alert-item",dataset:{kind:e.kind,layer:e.layer,step:String(e.step)},attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(e)}},l("div",{class:"mv-alert-head"},l("span",{class:"mv-alert-kind",dataset:{kind:e.kind}},Me(e.kind)),l("span",{class:"mv-mono mv-alert-layer"},U(e)),e.type?l("span",{class:"mv-muted"},e.type):null,l("span",{class:"mv-spacer"}),l("span",{class:"mv-alert-step"},`from step ${e.step}`)),l("div",{class:"mv-alert-message"},e.message)),Q(e.layer))}},ct=class{constructor(e){c(this,"handlers",e);c(this,"element");this.element=l("div",{class:"mv-alert-strip",testid:"alert-strip",attrs:{role:"alert"}}),this.element.hidden=!0}setAlerts(e){if(!e||e.length===0){this.element.hidden=!0,x(this.element);return}let t=e[0];this.element.hidden=!1,x(this.element,l("span",{class:"mv-alert-icon",attrs:{"aria-hidden":"true"}},"!"),l("button",{class:"mv-alert-strip-text",title:t.message,attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(t)}},l("span",{class:"mv-alert-kind",dataset:{kind:t.kind}},Me(t.kind)),l("span",{},t.message)),e.length>1?l("button",{class:"mv-link-button",testid:"alert-strip-more",attrs:{type:"button"},on:{click:()=>this.handlers.onShowAll()}},`all ${e.length} alerts`):null)}};function G(i){return i.kind==="root"||i.kind==="module"||i.kind==="repeat"}function pn(i){let e=2166136261,t=1523705862;for(let r=0;r<i.length;r++){let n=i.charCodeAt(r);e=Math.imul(e^n,16777619),t=Math.imul(t^n,1540483477)^t>>>15}return(e>>>0).toString(36)+"."+(t>>>0).toString(36)}function Kt(i){return i===null?"?":i.join("x")}function hn(i){let e=new Array(i.nodes.length),t=new Array(i.nodes.length),r=n=>{let s=i.nodes[n],o=[s.type],a=[];for(let u of s.children){let m=i.nodes[u];m.kind==="module"?(r(u),o.push("M"+e[u]),a.push(...t[u])):(o.push(m.kind==="op"?`O${m.op}${m.inplace?"!":""}`:m.kind),a.push(u))}let d=new Map;a.forEach((u,m)=>d.set(u,m));let p=new Set;a.forEach((u,m)=>{for(let h of i.outEdges[u]){let g=i.edges[h],f=d.get(g.dst);p.add(f===void 0?`out${m}:${Kt(g.shape)}`:`${m}>${f}:${Kt(g.shape)}`)}for(let h of i.inEdges[u]){let g=i.edges[h];d.has(g.src)||p.add(`in${m}:${Kt(g.shape)}`)}}),e[n]=pn(o.join("|")+"#"+[...p].sort().join(",")),t[n]=a};for(let n of i.roots)i.nodes[n].kind==="module"&&r(n);return e}function Ir(i){let e=hn(i),t=new Map,r=new Array(i.nodes.length),n=(h,g,f,v)=>{let y={id:h,kind:g,graphId:f,parent:v,children:[]};return t.set(h,y),f!==null&&(r[f]=y),y},s=new Map,o=(h,g)=>{for(let[f,v]of s)if(v===h){for(let y of i.outEdges[f])if(s.get(i.edges[y].dst)===g)return!0}return!1},a=(h,g)=>{for(let f of i.nodes[g].children)i.nodes[f].kind==="module"?a(h,f):s.set(f,h)},d=(h,g)=>{let f=i.nodes[h],v=i.nodes[g];return f.kind!=="module"||v.kind!=="module"||f.type!==v.type||e[h]!==e[g]?!1:(s.clear(),a(h,h),a(g,g),o(h,g))},p=(h,g)=>{let f=0;for(;f<g.length;){let v=f+1;for(;v<g.length&&d(g[v-1],g[v]);)v++;if(v-f>=2){let y=n(`r${g[f]}`,"repeat",null,h);for(let b=f;b<v;b++)y.children.push(u(y,g[b]));h.children.push(y)}else h.children.push(u(h,g[f]));f=v}},u=(h,g)=>{let f=i.nodes[g],v=n(`n${g}`,f.kind,g,h);return f.kind==="module"&&p(v,f.children),v},m=n("root","root",null,null);return p(m,i.roots),{root:m,byId:t,byGraphId:r}}function Ge(i,e){return e.kind==="root"||G(e)&&e.children.length>0&&i.has(e.id)}function ze(i,e,t){let r=[],n=new Array(i.nodes.length),s=(p,u)=>{p.graphId!==null&&!G(p)&&(n[p.graphId]=u);for(let m of p.children)s(m,u)},o=p=>{if(Ge(t,p))for(let u of p.children)o(u);else r.push(p),s(p,p)};o(e.root);let a=new Map,d=[];return i.edges.forEach((p,u)=>{let m=n[p.src],h=n[p.dst];if(m===void 0||h===void 0||m===h)return;let g=`e${m.id}-${h.id}`,f=a.get(g);f===void 0&&(f={id:g,src:m,dst:h,edges:[]},a.set(g,f),d.push(f)),f.edges.push(u)}),{boxes:r,edges:d,boxOfLeaf:n}}var un=50;function _r(i){return i.kind==="module"&&i.children.some(G)}var mn=14;function qt(i,e=null,t=un,r=mn){let n=new Set(["root"]),s=i.root.children.length,o=i.root.children.filter(_r);for(;o.length>0;){let a=[],d=[];for(let p of o){let u=p.children.length-1;s+u>t||(s+=u,n.add(p.id),d.push(p),a.push(...p.children.filter(_r)))}if(e!==null&&d.length>0&&gn(ze(e,i,n))>r){for(let p of d)n.delete(p.id);break}o=a}return n}function gn(i){let e=new Map(i.boxes.map(o=>[o,0])),t=new Map;for(let o of i.edges){e.set(o.dst,(e.get(o.dst)??0)+1);let a=t.get(o.src);a===void 0?t.set(o.src,[o.dst]):a.push(o.dst)}let r=new Map,n=[...e].filter(([,o])=>o===0).map(([o])=>o),s=0;for(let o of n)r.set(o,1);for(;n.length>0;){let o=n.pop(),a=r.get(o);s=Math.max(s,a);for(let d of t.get(o)??[]){r.set(d,Math.max(r.get(d)??0,a+1));let p=e.get(d)-1;e.set(d,p),p===0&&n.push(d)}}return s}function Pr(i,e){let t=!1;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(i.add(r.id),t=!0);return t}function Gr(i){return[...i].sort().join(",")}function pt(i,e){let t=e;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(t=r);return t}function zr(i,e){let t=r=>G(r)&&r.children.length>0&&(r.kind==="root"||e.has(r.id))?r.children.reduce((n,s)=>n+t(s),0):1;return t(i.root)}function Vr(i){let e=new Map,t=(r,n)=>{for(let s of r.children)G(s)&&(e.set(s,n),t(s,s.kind==="module"?n+1:n))};return t(i.root,1),e}function Br(i){let e=0;for(let[t,r]of Vr(i))t.kind==="module"&&t.children.some(G)&&(e=Math.max(e,r));return e+1}function Fr(i,e,t){let r=new Set(["root"]);for(let[n,s]of Vr(i))(n.kind==="repeat"?t.has(n.id):s<e)&&r.add(n.id);return r}function Xt(i,e){let t=new Set(i);for(let[r,n]of e)n?t.add(r):t.delete(r);return t}function jr(i,e,t,r){if(t.width<=0||t.height<=0)throw new Error("There is no drawn graph to export yet.");let n=Math.ceil(t.width+32),s=Math.ceil(t.height+32),o=i.cloneNode(!1);o.setAttribute("xmlns","http://www.w3.org/2000/svg"),o.setAttribute("width",String(n)),o.setAttribute("height",String(s)),o.setAttribute("viewBox",`0 0 ${n} ${s}`),o.removeAttribute("style"),o.removeAttribute("data-lod");let a=document.createElementNS("http://www.w3.org/2000/svg","rect");a.setAttribute("width",String(n)),a.setAttribute("height",String(s)),a.setAttribute("fill",r),o.appendChild(a);let d=e.cloneNode(!0);d.setAttribute("transform","translate(16,16)");for(let p of d.querySelectorAll('[data-role="toggle"], [data-role="edge-hit"], [data-role="lod-labels"]'))p.remove();return o.appendChild(d),new XMLSerializer().serializeToString(o)}async function Wr(i,e=2){let t=/width="(\d+)" height="(\d+)"/.exec(i.slice(0,2e3));if(t===null)throw new Error("The exported SVG has no size.");let r=Number(t[1]),n=Number(t[2]),s=Math.min(e,16e3/r,16e3/n,Math.sqrt(64e6/(r*n))),o=URL.createObjectURL(new Blob([i],{type:"image/svg+xml"}));try{let a=new Image;a.decoding="async",await new Promise((u,m)=>{a.onload=()=>u(),a.onerror=()=>m(new Error("The browser could not render the graph as an image.")),a.src=o});let d=document.createElement("canvas");d.width=Math.max(1,Math.floor(r*s)),d.height=Math.max(1,Math.floor(n*s));let p=d.getContext("2d");if(p===null)throw new Error("No 2-D canvas is available for the PNG export.");return p.scale(s,s),p.drawImage(a,0,0,r,n),await new Promise((u,m)=>{d.toBlob(h=>h?u(h):m(new Error("The PNG could not be encoded (graph too large?).")),"image/png")})}finally{URL.revokeObjectURL(o)}}var Ve='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',Yt='ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',M={titleSize:12,subtitleSize:10,opSize:11,edgeLabelSize:10,padX:10,toggleSpace:22,toggleRadius:7,moduleHeight:38,opHeight:24,ioHeight:34,frameHeader:26,headerLine:15,maxHeaderWidth:420,framePad:12,minBoxWidth:48,maxTextWidth:240};function Ur(){let i=new Map,e=null;try{e=typeof document<"u"?document.createElement("canvas").getContext("2d"):null}catch{e=null}return(t,r,n={})=>{let s=`${r}|${n.bold?1:0}|${n.mono?1:0}|${t}`,o=i.get(s);return o===void 0&&(e!==null?(e.font=`${n.bold?"600 ":""}${r}px ${n.mono?Yt:Ve}`,o=e.measureText(t).width):o=t.length*r*(n.mono?.62:.58),i.set(s,o)),o}}function ut(i){let e=i.split("."),t=e[e.length-1];return/^\d+$/.test(t)&&e.length>1?`${e[e.length-2]}.${t}`:t}function ht(i,e){let t=i.nodes[e],r=t.name===""?t.type||i.modelType||"model":ut(t.name);return t.call>0?`${r} #${t.call}`:r}function mt(i,e){let t=e.children[0],r=e.children[e.children.length-1];return`${ht(i,t.graphId)} … ${ht(i,r.graphId)}`}function gt(i,e){return`${i.nodes[e.children[0].graphId].type} ×${e.children.length}`}function ve(i,e){if(e.kind==="repeat"){let r=mt(i,e),n=gt(i,e);return{title:r,subtitle:n,tooltip:`${n} blocks ${r} with identical structure`}}let t=i.nodes[e.graphId];switch(t.kind){case"module":{let r=ht(i,t.id),n=Zt(i,t.layer),s=(t.name===""?"model":t.type)+(n.length>0?" · tied":""),o=`${t.name||"(model)"} : ${t.type}  [${t.layer}]`+n.map(([a,d])=>`
${a} is ${d} (tied: counted once, there)`).join("");return{title:r,subtitle:s,tooltip:o}}case"op":{let r=t.flops?`, ${j(t.flops)}`:"";return{title:t.op||t.label||"op",subtitle:"",tooltip:`${t.op}${r}`}}default:{let r=`${ie(t.shape)} ${t.dtype}`.trim(),n=t.name||t.label||t.kind;return{title:n,subtitle:r,tooltip:`${t.kind} ${n}: ${r}`}}}}function Zt(i,e){let r=(e===null?void 0:i.layers.get(e))?.tied_params;return typeof r!="object"||r===null||Array.isArray(r)?[]:Object.entries(r).filter(n=>typeof n[1]=="string")}function Kr(i,e){if(e.kind==="repeat")return`${mt(i,e)} · ${gt(i,e)}`;let t=i.nodes[e.graphId],r=ht(i,t.id);return t.name===""?r:`${r} · ${t.type}`}function qr(i,e){let t=ie(i.edges[e[0]].shape),r=new Set(e.map(n=>i.edges[n].src)).size;return r>1?`${t} +${r-1}`:t}function Xr(i,e,t){let r=i.match(/[^\s.]*\.|[^\s.]+\s*|\s+/g)??[i],n=[],s="",o=a=>{if(s===""||t(s+a)<=e){s+=a;return}n.push(s.trimEnd()),s=a.trimStart()};for(let a of r){if(t(a.trimEnd())<=e){o(a);continue}for(let d of a)o(d)}return(s.trim()!==""||n.length===0)&&n.push(s.trimEnd()),n}function Yr(i,e){let t=o=>{let a=i.nodes[o],d=a.parent===null?"":` in ${i.nodes[a.parent].name||i.modelType||"model"}`;return a.kind==="op"?`${a.op||a.label}${d}`:`${a.kind} ${a.name||a.label}`},r=new Map;for(let o of e)r.has(i.edges[o].src)||r.set(i.edges[o].src,o);let n=[...r.values()].slice(0,6).map(o=>{let a=i.edges[o];return`${ie(a.shape)} ${a.dtype||""}`.trim()+`  ${t(a.src)} → ${t(a.dst)}`});return r.size>6&&n.push(`… and ${r.size-6} more tensors`),`${r.size===1?"1 tensor":`${r.size} tensors`}
${n.join(`
`)}`}var Be=class extends Error{constructor(){super("A newer layout request replaced this one."),this.name="LayoutSuperseded"}},Zr=()=>{},fn=40,ft=class{constructor(e){c(this,"worker",null);c(this,"cache",new Map);c(this,"running",null);c(this,"waiting",null);c(this,"nextId",1);c(this,"failure",null);try{this.worker=new Worker(e),this.worker.onmessage=t=>this.finish(t.data),this.worker.onerror=t=>{t.preventDefault(),this.fail(`The layout worker failed (${e}): ${t.message||"it could not be loaded"}.`)}}catch(t){this.failure=`The layout worker could not be started from ${e}: ${t instanceof Error?t.message:String(t)}`}}cached(e){let t=this.cache.get(e);return t!==void 0&&(this.cache.delete(e),this.cache.set(e,t)),t}layout(e,t){let r=this.cached(e);if(r!==void 0)return Promise.resolve(r);if(this.failure!==null)return Promise.reject(new Error(this.failure));let n=this.running;return n!==null&&n.key===e?new Promise((s,o)=>{let[a,d]=[n.resolve,n.reject];n.resolve=p=>{a(p),s(p)},n.reject=p=>{d(p),o(p)}}):new Promise((s,o)=>{this.waiting?.reject(new Be),this.waiting={key:e,graph:t,resolve:s,reject:o},this.startNext()})}prefetch(e,t){this.cache.has(e)||this.running!==null||this.waiting!==null||this.worker===null||this.failure!==null||(this.waiting={key:e,graph:t(),resolve:Zr,reject:Zr},this.startNext())}clearCache(){this.cache.clear()}destroy(){this.worker?.terminate(),this.fail("The graph view was closed.")}startNext(){if(this.running!==null||this.waiting===null||this.worker===null)return;let e=this.waiting;this.waiting=null;let t=this.cached(e.key);if(t!==void 0){e.resolve(t);return}this.running={...e,id:this.nextId++};let r={id:this.running.id,graph:e.graph};this.worker.postMessage(r)}finish(e){let t=this.running;if(!(t===null||t.id!==e.id)){if(this.running=null,e.ok){for(this.cache.set(t.key,e.graph);this.cache.size>fn;)this.cache.delete(this.cache.keys().next().value);t.resolve(e.graph)}else t.reject(new Error(e.message));this.startNext()}}fail(e){this.failure=e;let t=new Error(e);this.running?.reject(t),this.waiting?.reject(t),this.running=null,this.waiting=null}};var vn={"elk.algorithm":"layered","elk.hierarchyHandling":"INCLUDE_CHILDREN","elk.json.shapeCoords":"ROOT","elk.json.edgeCoords":"ROOT","elk.edgeRouting":"ORTHOGONAL","elk.edgeLabels.placement":"CENTER","elk.spacing.nodeNode":"16","elk.spacing.edgeNode":"10","elk.spacing.edgeEdge":"8","elk.spacing.edgeLabel":"2","elk.layered.spacing.nodeNodeBetweenLayers":"22","elk.layered.spacing.edgeNodeBetweenLayers":"10","elk.layered.considerModelOrder.strategy":"NODES_AND_EDGES","elk.layered.thoroughness":"4","elk.padding":"[top=16,left=16,bottom=16,right=16]"};function bn(i,e,t){let r=ve(i,e);if(e.kind==="op"){let d=Math.min(M.maxTextWidth,t(r.title,M.opSize))+2*M.padX;return{width:Math.max(M.minBoxWidth,Math.ceil(d)),height:M.opHeight}}let n=Math.min(M.maxTextWidth,Math.max(t(r.title,M.titleSize,{bold:!0}),t(r.subtitle,M.subtitleSize))),s=G(e)&&e.children.length>0?M.toggleSpace:0,o=Math.ceil(n+2*M.padX+s),a=e.kind==="input"||e.kind==="output"?M.ioHeight:M.moduleHeight;return{width:Math.max(M.minBoxWidth,o),height:a}}function Jt(i,e,t){let r=o=>t(o,M.titleSize,{bold:!0}),n=Xr(Kr(i,e),M.maxHeaderWidth,r),s=Math.max(...n.map(r));return{lines:n,width:Math.ceil(s+2*M.padX+M.toggleSpace),height:M.frameHeader+(n.length-1)*M.headerLine}}function yn(i,e,t=null){let r=M.framePad;return{...Qr(t),"elk.padding":`[top=${i.height+r/2},left=${r},bottom=${r},right=${r}]`,"elk.nodeSize.constraints":"MINIMUM_SIZE","elk.nodeSize.minimum":e==="DOWN"?`(0,${i.width})`:`(${i.width},0)`}}function Qr(i){return i===null?{}:{[xn]:"MULTI_EDGE","elk.aspectRatio":i.toFixed(2)}}var xn="elk.layered.wrapping.strategy";var ei=60,Jr=12;function ti(i,e,t,r,n,s="DOWN",o=null){let a=u=>Ge(t,u)?{id:u.id,layoutOptions:yn(Jt(i,u,n),s,u.children.length>=Jr?o:null),children:u.children.map(a)}:{id:u.id,...bn(i,u,n)},d=M.edgeLabelSize+3,p=r.edges.map(u=>{let m=qr(i,u.edges);return{id:u.id,sources:[u.src.id],targets:[u.dst.id],labels:[{text:m,width:Math.ceil(n(m,M.edgeLabelSize,{mono:!0}))+4,height:d}]}});return{id:"root",layoutOptions:{...vn,"elk.direction":s,...Qr(e.root.children.length>=Jr?o:null)},children:e.root.children.map(a),edges:p}}var vt=class{constructor(e){c(this,"centreOn",e);c(this,"element");c(this,"canvas");c(this,"window");c(this,"bounds",{width:0,height:0});c(this,"scale",1);c(this,"offset",{x:0,y:0});c(this,"dragging",null);this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-minimap"),this.element.setAttribute("aria-hidden","true"),Object.assign(this.element.style,{position:"absolute",right:"8px",bottom:"8px",width:"180px",height:"130px",borderRadius:"6px",overflow:"hidden",display:"none",cursor:"crosshair",boxSizing:"border-box"}),this.canvas=document.createElement("canvas");let t=Math.min(2,globalThis.devicePixelRatio||1);this.canvas.width=180*t,this.canvas.height=130*t,Object.assign(this.canvas.style,{width:"180px",height:"130px",display:"block"}),this.window=document.createElement("div"),this.window.setAttribute("data-testid","graph-minimap-window"),Object.assign(this.window.style,{position:"absolute",left:"0",top:"0",boxSizing:"border-box",pointerEvents:"none",borderRadius:"2px",transformOrigin:"0 0"}),this.element.append(this.canvas,this.window),this.element.addEventListener("pointerdown",n=>{this.dragging=n.pointerId,this.element.setPointerCapture(n.pointerId),this.moveTo(n),n.stopPropagation()}),this.element.addEventListener("pointermove",n=>{this.dragging===n.pointerId&&this.moveTo(n)});let r=n=>{this.dragging===n.pointerId&&(this.dragging=null,this.element.hasPointerCapture(n.pointerId)&&this.element.releasePointerCapture(n.pointerId))};this.element.addEventListener("pointerup",r),this.element.addEventListener("pointercancel",r),this.element.addEventListener("wheel",n=>n.stopPropagation())}draw(e,t,r){this.bounds=t,Object.assign(this.element.style,{background:r.panelBackground,border:`1px solid ${r.panelBorder}`}),Object.assign(this.window.style,{border:`1.5px solid ${r.selected}`,background:"rgba(232, 89, 12, 0.08)"});let n=this.canvas.getContext("2d");if(n===null||t.width<=0||t.height<=0)return;let s=4;this.scale=Math.min((180-2*s)/t.width,(130-2*s)/t.height),this.offset={x:(180-t.width*this.scale)/2,y:(130-t.height*this.scale)/2};let o=this.canvas.width/180;n.setTransform(o,0,0,o,0,0),n.clearRect(0,0,180,130),n.lineWidth=.6;for(let{rect:a,frame:d}of e){let p=this.offset.x+a.x*this.scale,u=this.offset.y+a.y*this.scale,m=Math.max(.8,a.width*this.scale),h=Math.max(.8,a.height*this.scale);d?(n.strokeStyle=r.frameStroke,n.strokeRect(p,u,m,h)):(n.fillStyle=r.moduleStroke,n.fillRect(p,u,m,h))}}follow(e,t){let{width:r,height:n}=this.bounds,s=r*e.k>t.width+1||n*e.k>t.height+1;if(this.element.style.display=s&&r>0&&t.width>360?"block":"none",!s)return;let o=this.offset.x+-e.x/e.k*this.scale,a=this.offset.y+-e.y/e.k*this.scale;Object.assign(this.window.style,{transform:`translate(${o}px, ${a}px)`,width:`${t.width/e.k*this.scale}px`,height:`${t.height/e.k*this.scale}px`})}moveTo(e){let t=this.element.getBoundingClientRect(),r=(e.clientX-t.left-this.offset.x)/this.scale,n=(e.clientY-t.top-this.offset.y)/this.scale;this.centreOn(r,n)}};var H=class extends Error{constructor(e){super(e),this.name="StructureError"}},wn=new Set(["module","op","input","output"]);function Fe(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function Qt(i,e){return Number.isInteger(i)&&i>=0&&i<e}function ee(i){return typeof i=="string"?i:""}function ri(i){return Array.isArray(i)&&i.every(e=>typeof e=="number"&&Number.isFinite(e))?i:null}function Sn(i,e){if(!Fe(i))throw new H(`Graph node ${e} is not an object.`);if(i.id!==e)throw new H(`Graph node ${e} has id ${String(i.id)}; ids must equal positions.`);if(typeof i.kind!="string"||!wn.has(i.kind))throw new H(`Graph node ${e} has unknown kind ${JSON.stringify(i.kind)}.`);if(i.parent!==null&&i.parent!==void 0&&!Number.isInteger(i.parent))throw new H(`Graph node ${e} has a parent that is not a node id.`);let t=i.kind;if(t==="module"&&typeof i.layer!="string")throw new H(`Module node ${e} has no layer key.`);return{id:e,kind:t,parent:i.parent??null,label:ee(i.label),name:ee(i.name),type:ee(i.type),layer:t==="module"?i.layer:null,call:Number.isInteger(i.call)?i.call:0,op:ee(i.op),flops:typeof i.flops=="number"?i.flops:null,inplace:i.inplace===!0,shape:ri(i.shape),dtype:ee(i.dtype),children:[]}}function kn(i){let e=new Uint8Array(i.length);for(let t of i){let r=[],n=t.id;for(;n!==null&&e[n]===0;){e[n]=1,r.push(n);let s=i[n].parent;if(s!==null){if(!Qt(s,i.length))throw new H(`Graph node ${n} has parent ${s}, which does not exist.`);if(i[s].kind!=="module")throw new H(`Graph node ${n} has parent ${s}, which is not a module.`);if(e[s]===1)throw new H(`The module nesting of graph node ${n} forms a cycle.`)}n=s}for(let s of r)e[s]=2}}function Tn(i,e,t){if(!Fe(i))throw new H(`Graph edge ${e} is not an object.`);for(let r of["src","dst"]){let n=i[r];if(!Qt(n,t.length))throw new H(`Graph edge ${e} has ${r} ${String(n)}, which is not a node id.`);if(t[n].kind==="module")throw new H(`Graph edge ${e} ends at module node ${n}; edges join ops, inputs and outputs.`)}return{src:i.src,dst:i.dst,shape:ri(i.shape),dtype:ee(i.dtype)}}function Mn(i,e){if(i===void 0)return new Map;if(!Array.isArray(i))throw new H('The layer table ("layers") is not a list.');let t=new Map;return i.forEach((r,n)=>{if(!Fe(r)||typeof r.key!="string")throw new H(`Layer table row ${n} has no key.`);if(r.node!==null&&r.node!==void 0&&!Qt(r.node,e.length))throw new H(`Layer table row ${r.key} points at node ${String(r.node)}, which does not exist.`);t.set(r.key,{...r,key:r.key,node:r.node??null,name:ee(r.name),type:ee(r.type)})}),t}function ii(i){if(!Fe(i))throw new H("The structure document is not a JSON object.");if(!Array.isArray(i.nodes))throw new H('The structure document has no "nodes" list.');if(!Array.isArray(i.edges))throw new H('The structure document has no "edges" list.');let e=i.nodes.map(Sn);kn(e);let t=[];for(let a of e)a.parent===null?t.push(a.id):e[a.parent].children.push(a.id);let r=i.edges.map((a,d)=>Tn(a,d,e)),n=e.map(()=>[]),s=e.map(()=>[]);r.forEach((a,d)=>{s[a.src].push(d),n[a.dst].push(d)});let o=new Map;for(let a of e)a.layer!==null&&o.set(a.layer,a.id);return{hash:ee(i.hash),modelType:ee(i.model_type),nodes:e,edges:r,roots:t,inEdges:n,outEdges:s,layers:Mn(i.layers,e),nodeByLayer:o,totals:Fe(i.totals)?i.totals:{}}}function ni(i,e){return e?{x:i.x+i.width/2,y:i.y+10}:{x:i.x+i.width/2,y:i.y+i.height/2}}function si(i,e,t,r){let n=[...i];if(n.length===0)return null;let s=e===null?void 0:n.find(([p])=>p===e);if(s===void 0){let p=null,u=1/0;for(let[m,h]of n){if(r(m))continue;let g=h.y*2+h.x;g<u&&([p,u]=[m,g])}return p??n[0][0]}let o=ni(s[1],r(s[0])),a=null,d=1/0;for(let[p,u]of n){if(p===e)continue;let m=ni(u,r(p)),h=m.x-o.x,g=m.y-o.y,f=t==="down"?g:t==="up"?-g:t==="right"?h:-h,v=Math.abs(t==="down"||t==="up"?h:g);if(f<=1)continue;let y=f+2*v;y<d&&([a,d]=[p,y])}return a}function Le(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function R(i,e,t){let r=document.createElement(i);return t!==void 0&&(r.textContent=t),e.appendChild(r),r}function oi(i){return!Array.isArray(i)||i.length===0?"–":i.map(e=>Array.isArray(e)?ie(e):String(e)).join(", ")}var bt=class{constructor(e,t){c(this,"actions",e);c(this,"element");c(this,"node",null);c(this,"model",null);c(this,"step",null);c(this,"theme");c(this,"generation",0);this.theme=t,this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-panel"),Object.assign(this.element.style,{width:"300px",flex:"0 0 300px",overflowY:"auto",boxSizing:"border-box",padding:"10px 12px",fontSize:"12px",lineHeight:"1.4",display:"none"}),this.applyTheme()}show(e,t){this.model=e,this.node=t,this.redraw()}setStep(e){this.step=e,this.redraw()}setTheme(e){this.theme=e,this.applyTheme(),this.redraw()}applyTheme(){Object.assign(this.element.style,{background:this.theme.panelBackground,color:this.theme.text,borderLeft:`1px solid ${this.theme.panelBorder}`})}redraw(){this.generation++,this.element.replaceChildren();let{node:e,model:t}=this;if(e===null||t===null){this.element.style.display="none";return}this.element.style.display="block",e.kind==="repeat"?this.drawRepeat(t,e):e.kind==="module"?this.drawModule(t,e):e.kind==="op"?this.drawOp(t,e):this.drawEndpoint(t,e)}header(e,t){let r=R("div",this.element);Object.assign(r.style,{display:"flex",alignItems:"flex-start",gap:"8px",marginBottom:"8px"});let n=R("div",r);n.style.flex="1",n.style.minWidth="0";let s=R("div",n,e);Object.assign(s.style,{fontWeight:"600",fontSize:"14px",wordBreak:"break-all"}),s.setAttribute("data-testid","graph-panel-title");let o=R("div",n,t);o.style.color=this.theme.mutedText;let a=R("button",r,"×");a.title="Close",a.setAttribute("aria-label","Close"),this.styleButton(a),a.addEventListener("click",()=>this.actions.close())}styleButton(e){Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",font:"inherit"})}section(e){let t=R("div",this.element,e);return Object.assign(t.style,{marginTop:"12px",marginBottom:"4px",fontWeight:"600",color:this.theme.mutedText,textTransform:"uppercase",fontSize:"10px",letterSpacing:"0.05em"}),R("div",this.element)}table(e,t){let r=R("table",e);Object.assign(r.style,{borderCollapse:"collapse",width:"100%"});for(let[n,s]of t){let o=R("tr",r),a=R("td",o,n);Object.assign(a.style,{color:this.theme.mutedText,padding:"1px 8px 1px 0",verticalAlign:"top",whiteSpace:"nowrap"});let d=R("td",o,s);Object.assign(d.style,{padding:"1px 0",overflowWrap:"anywhere"})}}drawModule(e,t){let r=e.nodes[t.graphId],n=r.layer,s=e.layers.get(n);this.header(r.name===""?r.type||e.modelType:ut(r.name),r.type);let o=[["name",r.name||"(model)"],["key",n],["type",r.type]];if(s!==void 0&&typeof s.calls=="number"&&s.calls>1&&o.push(["call",`${r.call+1} of ${s.calls}`]),this.table(this.section("Module"),o),s!==void 0){let d=[["inputs",oi(s.input_shapes)],["outputs",oi(s.output_shapes)]];this.table(this.section("Shapes"),d);let p=Zt(e,n),u=typeof s.params_tied=="number"?s.params_tied:0,m=[["parameters",A(s.params_total)],["own parameters",A(s.params)]];if(p.length>0){m.push(["tied",`${A(u)} of them are another module's: counted once, there`]);for(let[h,g]of p)m.push(["",`${h} = ${g}`])}if(typeof s.frozen=="number"&&s.frozen>0&&m.push(["frozen",A(s.frozen)]),Le(s.param_bytes)){let h=Object.values(s.param_bytes).reduce((g,f)=>g+(typeof f=="number"?f:0),0);m.push(["parameter bytes",W(h)])}if(m.push(["FLOPs",j(s.flops)]),typeof s.output_bytes=="number"&&m.push(["output bytes",W(s.output_bytes)]),this.table(this.section("Size"),m),typeof s.extra=="string"&&s.extra!==""){let h=R("div",this.section("Configuration"),s.extra);Object.assign(h.style,{fontFamily:"monospace",whiteSpace:"pre-wrap",wordBreak:"break-all"})}}let a=R("button",this.element,"Open activations");a.setAttribute("data-testid","graph-open-activations"),this.styleButton(a),a.style.marginTop="12px",a.addEventListener("click",()=>this.actions.openActivations(n)),this.drawThumbnail(n),this.drawStats(n)}drawThumbnail(e){let t=Le(this.step)&&Le(this.step.samples)?this.step.samples:null;if(this.actions.renderThumbnail===void 0||t===null||!(e in t))return;let r=this.section("Activation sample"),n=R("canvas",r);n.setAttribute("data-testid","graph-thumbnail"),Object.assign(n.style,{width:"100%",height:"auto",imageRendering:"pixelated",display:"block"});let s=R("div",r,"Loading…");s.style.color=this.theme.mutedText;let o=this.generation;this.actions.renderThumbnail(e,n).then(()=>{o===this.generation&&s.remove()},a=>{o===this.generation&&(n.remove(),s.textContent=`No thumbnail: ${a instanceof Error?a.message:String(a)}`)})}drawStats(e){if(!Le(this.step))return;let t=this.section("Output at this step"),n=(Le(this.step.activations)?this.step.activations:{})[e];if(!Le(n)){R("div",t,"Not recorded at this step.").style.color=this.theme.mutedText;return}let s=n,o=(a,d)=>rt(s.estimated,a,d);this.table(t,[["values",A(s.numel)],["mean",o("mean",S(s.mean))],["std",o("std",S(s.std))],["min",o("min",S(s.min))],["max",o("max",S(s.max))],["|max|",o("absmax",S(s.absmax))],["zeros",o("zeros",J(s.zeros))],["NaN / inf",`${o("nan",String(s.nan??0))} / ${o("inf",String(s.inf??0))}`]]),s.hist!==void 0&&Array.isArray(s.hist.counts)&&s.hist.counts.length>0&&this.drawHistogram(t,s.hist)}drawHistogram(e,t){let s="http://www.w3.org/2000/svg",o=document.createElementNS(s,"svg");o.setAttribute("width",String(260)),o.setAttribute("height",String(48)),o.setAttribute("data-testid","graph-histogram"),o.style.display="block",o.style.marginTop="6px";let a=t.counts.map(m=>typeof m=="number"&&m>0?m:0),d=Math.max(1,...a),p=260/a.length;a.forEach((m,h)=>{let g=m/d*46,f=document.createElementNS(s,"rect");f.setAttribute("x",String(h*p)),f.setAttribute("y",String(48-g)),f.setAttribute("width",String(Math.max(1,p-1))),f.setAttribute("height",String(g)),f.setAttribute("fill",this.theme.moduleStroke),o.appendChild(f)}),e.appendChild(o);let u=R("div",e);Object.assign(u.style,{display:"flex",justifyContent:"space-between",color:this.theme.mutedText,width:"260px"}),R("span",u,S(t.lo)),R("span",u,S(t.hi))}drawRepeat(e,t){this.header(mt(e,t),gt(e,t));let r=R("div",this.element,`${t.children.length} consecutive blocks with identical structure. Select one:`);r.style.color=this.theme.mutedText;let n=R("div",this.element);Object.assign(n.style,{display:"flex",flexWrap:"wrap",gap:"4px",marginTop:"6px"});for(let s of t.children){let o=e.nodes[s.graphId],a=R("button",n,ut(o.name)||o.type);a.title=o.layer??"",this.styleButton(a),a.addEventListener("click",()=>this.actions.selectNode(s))}}drawOp(e,t){let r=e.nodes[t.graphId];this.header(r.op||r.label,"operator");let n=e.inEdges[r.id].map(d=>ie(e.edges[d].shape)),s=e.outEdges[r.id].map(d=>ie(e.edges[d].shape)),o=r.parent===null?null:e.nodes[r.parent],a=[["inputs",n.length>0?n.join(", "):"–"],["outputs",s.length>0?[...new Set(s)].join(", "):"–"],["FLOPs",j(r.flops)],["in place",r.inplace?"yes":"no"]];o!==null&&a.push(["in module",o.layer??o.name]),this.table(this.section("Operator"),a)}drawEndpoint(e,t){let r=e.nodes[t.graphId];this.header(r.name||r.label,r.kind==="input"?"model input":"model output"),this.table(this.section("Tensor"),[["shape",ie(r.shape)],["dtype",r.dtype||"–"]])}};function er(i,e,t){if(e.graphId===null)return;let r=i.nodes[e.graphId];return r.kind==="op"?t.ops?.get(e.graphId):r.layer!==null?t.values.get(r.layer):void 0}function Ln(i,e,t){if(e.kind!=="repeat")return er(i,e,t);let r;for(let n of e.children){let s=er(i,n,t);s===void 0||!Number.isFinite(s)||(r===void 0?r=s:t.combine==="sum"?r+=s:t.combine==="max"?r=Math.max(r,s):Math.abs(s)>Math.abs(r)&&(r=s))}return r}function ai(i,e,t,r){let n=new Map;for(let s of e.byId.values()){if(!r(s.id)||s.graphId!==null&&i.nodes[s.graphId].parent===null&&i.nodes[s.graphId].kind==="module")continue;let o=Ln(i,s,t);if(o===void 0||!Number.isFinite(o))continue;if(s.kind!=="repeat"){n.set(s.id,{fill:t.color(o),note:`${t.label}: ${t.format(o)}`});continue}let a=s.children.map(m=>er(i,m,t)).filter(m=>m!==void 0&&Number.isFinite(m)),d=a[0],p=a[a.length-1],u=t.combine==="sum"?`total ${t.format(o)}, `:"";n.set(s.id,{fill:t.color(o),stops:a.length>1?a.map(m=>t.color(m)):void 0,note:`${t.label} of the ${s.children.length} blocks: ${u}first ${t.format(d)}, last ${t.format(p)}`})}return n}function li(i,e,t,r,n){let s=new Map;for(let[o,a]of r){let d=i.nodeByLayer.get(o);if(d===void 0)continue;let p=e.byGraphId[d];if(p===void 0)continue;let u=pt(t,p);if(!n(u.id))continue;let m=s.get(u.id);m?(m.count+=1,m.text+=`
`+a.text):s.set(u.id,{count:1,text:a.text,layer:o})}return s}var En="http://www.w3.org/2000/svg";function N(i,e={},t){let r=document.createElementNS(En,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function be(i,e,t){let r=N("text",t,i);return r.textContent=Ye(e),r}var Nn=0,yt=class{constructor(e){c(this,"measure",e);c(this,"svg");c(this,"viewport");c(this,"markerId",`mvz-arrow-${++Nn}`);c(this,"drawn",new Map);c(this,"rects",new Map);c(this,"size",{width:0,height:0});c(this,"fills",new Map);c(this,"paints",new Map);c(this,"gradientDefs",null);c(this,"badgeLayer",null);c(this,"lodLayer",null);c(this,"lodLabels",[]);c(this,"frameTitles",[]);c(this,"lodScale",0);c(this,"edgeTips",new Map);this.svg=N("svg",{"data-testid":"graph-svg",width:"100%",height:"100%"}),this.svg.style.display="block",this.svg.style.userSelect="none",this.viewport=N("g",{"data-role":"viewport"},this.svg)}get bounds(){return this.size}rectOf(e){return this.rects.get(e)}isDrawn(e){return this.drawn.has(e)}drawnRects(){return this.rects.entries()}isFrame(e){return this.drawn.get(e)?.open??!1}nodeTooltip(e){let t=this.drawn.get(e);if(t===void 0)return null;let r=this.fills.get(e);return r?`${t.tooltip}
${r.note}`:t.tooltip}setEdgeTooltips(e){this.edgeTips=e}edgeTooltip(e){return this.edgeTips.get(e)??null}setScale(e){let t=e<Cn;if(this.svg.setAttribute("data-lod",t?"low":"full"),!t){if(this.lodScale!==0)for(let n of this.frameTitles)this.sizeFrameTitle(n.text,M.titleSize);this.lodScale=0;return}let r=Math.pow(2,Math.round(Math.log2(e)*4)/4);if(!(r===this.lodScale||this.lodLayer===null)){this.lodScale=r;for(let n of this.frameTitles){let s=n.room/Math.max(1,n.unitWidth);this.sizeFrameTitle(n.text,Math.max(M.titleSize,Math.min(di/r,s,M.frameHeader*.72)))}for(let[n,s]of this.lodLabels.entries()){let o=this.lodLayer.children[n],a=s.room*.9/Math.max(1,s.unitWidth),d=Math.max(M.titleSize,Math.min(di/r,a,s.rect.height*.8));o.setAttribute("font-size",String(B(d))),o.setAttribute("stroke-width",String(B(d*.2))),o.setAttribute("y",String(B(s.rect.y+s.rect.height/2+d*.35)))}}}sizeFrameTitle(e,t){e.setAttribute("font-size",String(B(t))),e.setAttribute("y",String(B(M.frameHeader/2+t*.4)))}clear(){this.viewport.replaceChildren(),this.frameTitles=[],this.drawn.clear(),this.rects.clear(),this.lodLayer=null,this.lodLabels=[],this.lodScale=0,this.badgeLayer=null,this.gradientDefs=null,this.size={width:0,height:0}}setFills(e){this.fills=e,this.paints.clear(),this.gradientDefs?.remove(),this.gradientDefs=N("defs",{"data-role":"overlay-gradients"},this.viewport);let t=0;for(let[r,n]of e){if(!n.stops){this.paints.set(r,n.fill);continue}let s=`${this.markerId}-g${t++}`,o=N("linearGradient",{id:s,x1:0,x2:1,y1:0,y2:0},this.gradientDefs);n.stops.forEach((a,d)=>{N("stop",{offset:n.stops.length>1?d/(n.stops.length-1):0,"stop-color":a},o)}),this.paints.set(r,`url(#${s})`)}for(let[r,n]of this.drawn)n.group.toggleAttribute("data-overlay",e.has(r))}drawBadges(e,t){this.badgeLayer?.remove(),this.badgeLayer=N("g",{"data-role":"badges"},this.viewport);for(let[r,n]of e){let s=this.rects.get(r);if(s===void 0)continue;let o=N("g",{"data-testid":"graph-badge","data-id":r,"data-key":n.layer,transform:`translate(${B(s.x+s.width-3)},${B(s.y+3)})`},this.badgeLayer);N("circle",{r:8.5,fill:t.error,stroke:t.background,"stroke-width":1.5},o),be(o,n.count>1?String(n.count):"!",{y:3.5,"text-anchor":"middle","font-size":10.5,"font-weight":700,fill:"#ffffff"}),N("title",{},o).textContent=n.text}}draw(e,t,r,n,s){this.clear(),this.size={width:n.width??0,height:n.height??0},this.svg.setAttribute("font-family",Ve);let o=N("defs",{},this.viewport),a=N("marker",{id:this.markerId,viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse",markerUnits:"userSpaceOnUse"},o);N("path",{d:"M0,0L10,5L0,10z",fill:s.edge},a);let d=N("g",{"data-role":"frames"},this.viewport),p=N("g",{"data-role":"edges"},this.viewport),u=N("g",{"data-role":"headers"},this.viewport),m=N("g",{"data-role":"boxes"},this.viewport),h=g=>{let f=t.byId.get(g.id);if(f!==void 0){let v={x:g.x??0,y:g.y??0,width:g.width??0,height:g.height??0};this.rects.set(g.id,v);let y=Ge(r,f),b=y?this.drawFrame(e,f,v,s,d,u):this.drawBox(e,f,v,s,m);if(this.drawn.set(g.id,b),!y){let L=ve(e,f).title,k=f.parent?.kind==="repeat"?L.replace(/^.*\./,""):L,E=v.width-(G(f)&&f.children.length>0?M.toggleSpace:0);this.lodLabels.push({id:g.id,text:k,rect:v,room:E,unitWidth:this.measure(k,1,{bold:!0})})}}g.children?.forEach(h)};n.children?.forEach(h);for(let g of n.edges??[])this.drawEdge(g,s,p);this.lodLayer=N("g",{"data-role":"lod-labels","pointer-events":"none"},this.viewport);for(let g of this.lodLabels)be(this.lodLayer,g.text,{x:B(g.rect.x+g.room/2),y:B(g.rect.y+g.rect.height/2),"text-anchor":"middle","font-weight":600,fill:s.text,stroke:s.background,"paint-order":"stroke"})}highlight(e,t){for(let[r,n]of this.drawn){let s=hi(n,t),{fill:o,stroke:a}=s,d=this.fills.get(r),p=d!==void 0?this.paints.get(r)??d.fill:null;p!==null&&!n.open&&(o=p),n.band?.setAttribute("fill",p??pi(n,t));let u=d!==void 0?An(d.stops?.[0]??d.fill):null;n.texts.forEach((g,f)=>{let v=f===0||n.open||n.tree.kind==="op";g.setAttribute("fill",u?u[v?0:1]:v?t.text:t.mutedText)});let m=n.open?1:1.2,h=n.open&&n.tree.kind==="repeat"?"5 3":"";e.matches.has(r)?(n.open||(o=t.matchFill),a=t.matchStroke,m=2):e.hiding.has(r)&&(a=t.matchStroke,m=2,h="4 2"),e.selected===r&&(a=t.selected,m=2.5),n.shape.setAttribute("fill",o),n.shape.setAttribute("stroke",a),n.shape.setAttribute("stroke-width",String(m)),h?n.shape.setAttribute("stroke-dasharray",h):n.shape.removeAttribute("stroke-dasharray"),n.group.toggleAttribute("data-selected",e.selected===r),n.group.toggleAttribute("data-match",e.matches.has(r))}}nodeGroup(e,t,r,n,s){let o=N("g",{"data-testid":"graph-node","data-id":t.id,"data-kind":t.kind,transform:`translate(${r.x},${r.y})`},s);return o.style.cursor="pointer",t.graphId!==null&&e.nodes[t.graphId].layer!==null&&o.setAttribute("data-key",e.nodes[t.graphId].layer),G(t)&&o.setAttribute("data-expanded",String(n)),t.kind==="repeat"&&o.setAttribute("data-count",String(t.children.length)),o.setAttribute("role","treeitem"),o.setAttribute("aria-label",ve(e,t).tooltip),G(t)&&t.children.length>0&&o.setAttribute("aria-expanded",String(n)),o}drawnNode(e,t,r,n,s,o,a=null){return{tree:t,group:r,shape:n,band:a,open:s,texts:o,tooltip:ve(e,t).tooltip}}drawFrame(e,t,r,n,s,o){let a=N("g",{"data-role":"frame","data-id":t.id,transform:`translate(${r.x},${r.y})`},s),d=N("rect",{width:r.width,height:r.height,rx:8,"fill-opacity":n.frameFillOpacity,"pointer-events":"none"},a),p=this.nodeGroup(e,t,r,!0,o),u=Jt(e,t,this.measure),m=u.height,h=Math.min(8,m/2),g=r.width,f=N("path",{"data-role":"frame-header",d:`M0,${m}V${h}Q0,0 ${h},0H${g-h}Q${g},0 ${g},${h}V${m}Z`},p),v=u.lines.map((b,L)=>be(p,b,{x:M.padX,y:M.frameHeader/2+5+L*M.headerLine,"font-size":M.titleSize,"font-weight":600,fill:n.text}));if(this.drawToggle(p,r.width-M.toggleSpace/2-4,M.frameHeader/2+1,!0,n),u.lines.length===1){let b=r.width-2*M.padX-M.toggleSpace;this.frameTitles.push({text:v[0],room:b,unitWidth:this.measure(u.lines[0],1,{bold:!0})})}let y=this.drawnNode(e,t,p,d,!0,v,f);return ci(y,n),y}drawBox(e,t,r,n,s){let o=this.nodeGroup(e,t,r,!1,s),a=ve(e,t);if(t.kind==="repeat")for(let f of[6,3])N("rect",{x:f,y:-f,width:r.width,height:r.height,rx:6,fill:n.repeatFill,stroke:n.repeatStroke,"stroke-width":1},o);let d=t.kind==="op"?r.height/2:t.kind==="input"||t.kind==="output"?12:6,p=N("rect",{width:r.width,height:r.height,rx:d},o),u=G(t)&&t.children.length>0,m=r.width-2*M.padX-(u?M.toggleSpace:0)+1,h=[];t.kind==="op"?h.push(be(o,this.fitText(a.title,m,M.opSize,!1),{x:r.width/2,y:r.height/2+4,"text-anchor":"middle","font-size":M.opSize,fill:n.text,"data-detail":""})):(h.push(be(o,this.fitText(a.title,m,M.titleSize,!0),{x:M.padX,y:16,"font-size":M.titleSize,"font-weight":600,fill:n.text,"data-detail":""})),h.push(be(o,this.fitText(a.subtitle,m,M.subtitleSize,!1),{x:M.padX,y:t.kind==="input"||t.kind==="output"?28:30,"font-size":M.subtitleSize,fill:n.mutedText,"data-detail":""}))),u&&this.drawToggle(o,r.width-M.toggleSpace/2-2,r.height/2,!1,n);let g=this.drawnNode(e,t,o,p,!1,h);return ci(g,n),g}fitText(e,t,r,n){if(this.measure(e,r,{bold:n})<=t)return e;let s=0,o=e.length;for(;s<o;){let a=Math.ceil((s+o)/2);this.measure(e.slice(0,a)+"…",r,{bold:n})<=t?s=a:o=a-1}return e.slice(0,s)+"…"}drawToggle(e,t,r,n,s){let o=N("g",{"data-testid":"graph-toggle","data-role":"toggle",transform:`translate(${t},${r})`},e);N("circle",{r:M.toggleRadius,fill:s.toggleFill,stroke:s.mutedText,"stroke-width":1},o),N("path",{d:n?"M-3.5,0H3.5":"M-3.5,0H3.5M0,-3.5V3.5",stroke:s.text,"stroke-width":1.4,"stroke-linecap":"round"},o),o.setAttribute("data-tip",n?"Close this group":"Open this group")}drawEdge(e,t,r){let n=N("g",{"data-testid":"graph-edge","data-id":e.id,"data-src":e.sources[0],"data-dst":e.targets[0]},r);for(let s of e.sections??[]){let a=[s.startPoint,...s.bendPoints??[],s.endPoint].map((d,p)=>`${p===0?"M":"L"}${B(d.x)},${B(d.y)}`).join("");N("path",{d:a,fill:"none",stroke:t.edge,"stroke-width":1.2,"marker-end":`url(#${this.markerId})`},n),N("path",{d:a,fill:"none",stroke:"transparent","stroke-width":9,"data-role":"edge-hit"},n)}for(let s of e.labels??[])n.setAttribute("data-label",s.text),be(n,s.text,{x:B((s.x??0)+2),y:B((s.y??0)+s.height-3),"font-family":Yt,"font-size":M.edgeLabelSize,fill:t.edgeLabel,stroke:t.background,"stroke-width":3,"paint-order":"stroke","stroke-linejoin":"round","data-detail":""})}},Cn=.55,di=13;function pi(i,e){return i.tree.kind==="repeat"?e.repeatHeaderFill:e.frameHeaderFill}function B(i){return Math.round(i*10)/10}function An(i){let e=null,t=/^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(i);if(t?e=[Number(t[1]),Number(t[2]),Number(t[3])]:/^#[0-9a-f]{6}$/i.test(i)&&(e=[1,3,5].map(a=>parseInt(i.slice(a,a+2),16))),e===null)return["#1f2430","#3d4452"];let[r,n,s]=e.map(a=>{let d=a/255;return d<=.03928?d/12.92:((d+.055)/1.055)**2.4});return .2126*r+.7152*n+.0722*s>.22?["#111418","#2c323c"]:["#ffffff","#e4e8ee"]}function hi(i,e){if(i.open)return{fill:e.frameFill,stroke:e.frameStroke};switch(i.tree.kind){case"repeat":return{fill:e.repeatFill,stroke:e.repeatStroke};case"op":return{fill:e.opFill,stroke:e.opStroke};case"input":case"output":return{fill:e.ioFill,stroke:e.ioStroke};default:return{fill:e.moduleFill,stroke:e.moduleStroke}}}function ci(i,e){let{fill:t,stroke:r}=hi(i,e);i.band?.setAttribute("fill",pi(i,e)),i.shape.setAttribute("fill",t),i.shape.setAttribute("stroke",r),i.shape.setAttribute("stroke-width",i.open?"1":"1.2"),i.open&&i.tree.kind==="repeat"&&i.shape.setAttribute("stroke-dasharray","5 3")}function $n(i,e){if(e.graphId===null)return"";let t=i.nodes[e.graphId];switch(t.kind){case"module":return`${t.name}
${t.type}
${t.layer??""}`.toLowerCase();case"op":return`${t.op}
${t.label}`.toLowerCase();default:return`${t.name}
${t.label}`.toLowerCase()}}function ui(i,e,t){let r=t.trim().toLowerCase();if(r==="")return[];let n=[];for(let s of e.byGraphId)s!==void 0&&$n(i,s).includes(r)&&n.push(s);return n}var tr={background:"#ffffff",text:"#1f2430",mutedText:"#5f6877",frameFill:"#3a66c4",frameFillOpacity:"0.05",frameStroke:"#a9b6cc",frameHeaderFill:"#e8eef9",repeatHeaderFill:"#fbeed8",moduleFill:"#e7efff",moduleStroke:"#7d9fe0",repeatFill:"#fff2dc",repeatStroke:"#e0a043",opFill:"#ffffff",opStroke:"#a2abb8",ioFill:"#e4f5e9",ioStroke:"#5fb77c",edge:"#8891a0",edgeLabel:"#5b6575",selected:"#e8590c",matchFill:"#fff3a3",matchStroke:"#e0a800",toggleFill:"#ffffff",panelBackground:"#f7f8fa",panelBorder:"#d5d9e0",buttonBackground:"#ffffff",error:"#c62828"},rr={background:"#1b1d21",text:"#e3e6eb",mutedText:"#9aa3b0",frameFill:"#8fb0ff",frameFillOpacity:"0.06",frameStroke:"#4a5262",frameHeaderFill:"#262d3a",repeatHeaderFill:"#342a1b",moduleFill:"#1f3150",moduleStroke:"#5b84d6",repeatFill:"#3b2f1b",repeatStroke:"#c58b34",opFill:"#262a30",opStroke:"#687284",ioFill:"#1b3a27",ioStroke:"#4fa56d",edge:"#7e8898",edgeLabel:"#a2abb8",selected:"#ff8a50",matchFill:"#5a5218",matchStroke:"#f2d036",toggleFill:"#2b2f36",panelBackground:"#23262b",panelBorder:"#3a3f47",buttonBackground:"#2d3137",error:"#ff8a80"};var xt=class{constructor(e,t){c(this,"svg",e);c(this,"target",t);c(this,"transform",{x:0,y:0,k:1});c(this,"drag",null);c(this,"swallowClick",!1);c(this,"listeners",[]);c(this,"onChange",null);this.listen("wheel",r=>this.onWheel(r),{passive:!1}),this.listen("pointerdown",r=>this.onPointerDown(r)),this.listen("pointermove",r=>this.onPointerMove(r)),this.listen("pointerup",r=>this.onPointerUp(r)),this.listen("pointercancel",r=>this.onPointerUp(r)),this.listen("click",r=>{this.swallowClick&&(r.stopPropagation(),r.preventDefault(),this.swallowClick=!1)},{capture:!0})}get current(){return{...this.transform}}set(e){this.transform={...e,k:mi(e.k,.005,4)},this.target.setAttribute("transform",`translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`),this.onChange?.(this.current)}centreOn(e,t){let{width:r,height:n}=this.size();this.pin(e,t,{x:r/2,y:n/2})}viewSize(){return this.size()}fit(e,t=16){let{width:r,height:n}=this.size(),s=n-30;if(r<=0||s<=0||e.width<=0||e.height<=0)return;let o=Math.min((r-2*t)/e.width,(s-2*t)/e.height,1.5);this.set({k:o,x:(r-e.width*o)/2-e.x*o,y:30+(s-e.height*o)/2-e.y*o})}overview(e,t=.3,r=16){let{width:n,height:s}=this.size();if(n<=0||s<=0||e.width<=0||e.height<=0)return;let o=Math.min((n-2*r)/e.width,(s-30-2*r)/e.height,1.5);if(o>=t){this.fit(e,r);return}let a=Math.max(o,Math.min(t,(n-2*r)/e.width));this.set({k:a,x:(n-e.width*a)/2-e.x*a,y:30+r-e.y*a})}ensureVisible(e){let{width:t,height:r}=this.size(),{x:n,y:s,k:o}=this.transform,a=e.x*o+n,d=e.y*o+s;a>=0&&d>=0&&a+e.width*o<=t&&d+e.height*o<=r||this.set({k:o,x:t/2-(e.x+e.width/2)*o,y:r/2-(e.y+e.height/2)*o})}toScreen(e,t){return{x:e*this.transform.k+this.transform.x,y:t*this.transform.k+this.transform.y}}pin(e,t,r){let{k:n}=this.transform;this.set({k:n,x:r.x-e*n,y:r.y-t*n})}zoomBy(e,t){let{width:r,height:n}=this.size(),s=t??{x:r/2,y:n/2},{x:o,y:a,k:d}=this.transform,p=mi(d*e,.005,4);this.set({k:p,x:s.x-(s.x-o)*p/d,y:s.y-(s.y-a)*p/d})}destroy(){for(let[e,t,r]of this.listeners)this.svg.removeEventListener(e,t,r)}size(){let e=this.svg.getBoundingClientRect();return{width:e.width,height:e.height}}listen(e,t,r){this.svg.addEventListener(e,t,r),this.listeners.push([e,t,r])}onWheel(e){e.preventDefault();let t=e.deltaMode===1?16:e.deltaMode===2?400:1,r=this.svg.getBoundingClientRect();this.zoomBy(Math.exp(-e.deltaY*t*.0015),{x:e.clientX-r.left,y:e.clientY-r.top})}onPointerDown(e){e.button!==0||this.drag!==null||(this.swallowClick=!1,this.drag={pointerId:e.pointerId,startX:e.clientX,startY:e.clientY,origin:this.current,moving:!1})}onPointerMove(e){let t=this.drag;if(t===null||t.pointerId!==e.pointerId)return;let r=e.clientX-t.startX,n=e.clientY-t.startY;if(!t.moving){if(Math.hypot(r,n)<4)return;t.moving=!0,this.svg.setPointerCapture(e.pointerId),this.svg.style.cursor="grabbing"}this.set({...t.origin,x:t.origin.x+r,y:t.origin.y+n})}onPointerUp(e){let t=this.drag;t===null||t.pointerId!==e.pointerId||(this.drag=null,t.moving&&(this.swallowClick=!0,this.svg.style.cursor="",this.svg.hasPointerCapture(e.pointerId)&&this.svg.releasePointerCapture(e.pointerId)))}};function mi(i,e,t){return Math.min(t,Math.max(e,i))}var Rn=150,gi=2;function wt(i,e){let t=performance.now();try{return e()}finally{performance.measure(`modelviz:${i}`,{start:t})}}var St=class St{constructor(e,t){c(this,"options",t);c(this,"root");c(this,"canvasArea");c(this,"status");c(this,"toolbar");c(this,"legend");c(this,"tooltip");c(this,"depthSelect");c(this,"directionButton");c(this,"minimap");c(this,"direction","DOWN");c(this,"overlay",null);c(this,"badges",null);c(this,"measure",Ur());c(this,"renderer",new yt(this.measure));c(this,"viewport");c(this,"panel");c(this,"client");c(this,"resizeObserver");c(this,"theme",tr);c(this,"model",null);c(this,"tree",null);c(this,"generation",0);c(this,"expanded",new Set);c(this,"beforeSearch",null);c(this,"searchToggles",new Map);c(this,"selected",null);c(this,"query","");c(this,"matches",[]);c(this,"matchCursor",-1);c(this,"drawnKey",null);c(this,"drawnLayout",null);c(this,"fitPending",!1);c(this,"anchor",null);c(this,"revealTarget",null);c(this,"waiters",[]);c(this,"busyTimer",null);c(this,"destroyed",!1);this.root=document.createElement("div"),this.root.setAttribute("data-testid","graph-view"),Object.assign(this.root.style,{display:"flex",width:"100%",height:"100%",minHeight:"200px",overflow:"hidden",fontFamily:Ve,position:"relative"}),this.canvasArea=document.createElement("div"),Object.assign(this.canvasArea.style,{flex:"1 1 auto",position:"relative",minWidth:"0",overflow:"hidden"}),this.canvasArea.appendChild(this.renderer.svg),this.root.appendChild(this.canvasArea),this.toolbar=document.createElement("div"),Object.assign(this.toolbar.style,{position:"absolute",top:"8px",left:"8px",display:"flex",gap:"4px",alignItems:"center",fontSize:"12px"}),this.addButton("Fit","graph-fit","Fit the whole graph to the view",()=>this.fit()),this.addButton("+","graph-zoom-in","Zoom in (2×)",()=>this.viewport.zoomBy(gi)),this.addButton("−","graph-zoom-out","Zoom out (2×)",()=>this.viewport.zoomBy(1/gi)),this.addButton("Reset","graph-reset","Back to the default expansion",()=>this.resetExpansion()),this.depthSelect=document.createElement("select"),this.depthSelect.setAttribute("data-testid","graph-depth"),this.depthSelect.setAttribute("aria-label","Open the modules down to a depth"),this.depthSelect.title="Open every module down to this depth (folded ×N blocks stay as they are)",this.depthSelect.addEventListener("change",()=>{let n=Number(this.depthSelect.value);this.depthSelect.value="",n>0&&this.expandTo(n)}),this.toolbar.appendChild(this.depthSelect),this.directionButton=this.addButton("↓","graph-layout","Lay out left to right",()=>this.toggleDirection()),this.status=document.createElement("span"),this.status.setAttribute("data-testid","graph-status"),this.status.style.marginLeft="6px",this.toolbar.appendChild(this.status),this.canvasArea.appendChild(this.toolbar),this.legend=document.createElement("div"),this.legend.setAttribute("data-testid","graph-legend"),Object.assign(this.legend.style,{position:"absolute",left:"8px",bottom:"8px",padding:"6px 10px",borderRadius:"6px",fontSize:"11px",display:"none",maxWidth:"320px",boxSizing:"border-box"}),this.canvasArea.appendChild(this.legend),this.tooltip=document.createElement("div"),this.tooltip.setAttribute("data-testid","graph-tooltip"),this.tooltip.setAttribute("role","tooltip"),Object.assign(this.tooltip.style,{position:"absolute",pointerEvents:"none",display:"none",zIndex:"2",maxWidth:"360px",padding:"5px 8px",borderRadius:"5px",fontSize:"11.5px",lineHeight:"1.4",whiteSpace:"pre-wrap",boxShadow:"0 2px 8px rgba(0,0,0,0.18)",wordBreak:"break-word"}),this.canvasArea.appendChild(this.tooltip),this.minimap=new vt((n,s)=>this.viewport.centreOn(n,s)),this.canvasArea.appendChild(this.minimap.element),this.panel=new bt({close:()=>this.selectNode(null,!0),openActivations:n=>this.options.onOpenActivations(n),selectNode:n=>this.selectNode(n,!0,!0),renderThumbnail:t.renderThumbnail},this.theme),this.root.appendChild(this.panel.element),this.viewport=new xt(this.renderer.svg,this.renderer.viewport),this.viewport.onChange=n=>{this.renderer.setScale(n.k),this.minimap.follow(n,this.viewport.viewSize()),this.hideTooltip()};let r=this.renderer.svg;r.setAttribute("tabindex","0"),r.setAttribute("role","tree"),r.setAttribute("aria-label","Model graph: arrow keys move between nodes, Enter opens or closes a group"),r.addEventListener("click",n=>this.onClick(n)),r.addEventListener("dblclick",n=>this.onDoubleClick(n)),r.addEventListener("keydown",n=>this.onKey(n)),r.addEventListener("pointerover",n=>this.onHover(n)),r.addEventListener("pointerleave",()=>this.hideTooltip()),this.resizeObserver=new ResizeObserver(()=>{this.fitPending&&this.drawnLayout!==null&&this.fit(!0)}),this.resizeObserver.observe(this.canvasArea),this.client=new ft(t.workerUrl),this.applyTheme(),this.setState("empty"),e.appendChild(this.root)}async setStructure(e){let t;try{t=wt("parse",()=>ii(e))}catch(s){throw this.showError(s instanceof Error?s.message:String(s)),s}this.model!==null&&this.tree!==null&&t.hash!==""&&t.hash===this.model.hash||(this.generation++,this.model=t,this.tree=wt("tree",()=>Ir(t)),this.expanded=qt(this.tree,t),this.beforeSearch=null,this.searchToggles.clear(),this.fillDepths(Br(this.tree)),this.selected=null,this.panel.show(t,null),this.client.clearCache(),this.drawnKey=null,this.drawnLayout=null,this.renderer.clear(),this.fitPending=!0,this.anchor=null,this.revealTarget=null,this.applySearch(!1));let n=this.whenReady();return this.refresh(),n}setStep(e){this.panel.setStep(e)}select(e){if(e===null||this.model===null||this.tree===null){this.selectNode(null,!1);return}let t=this.model.nodeByLayer.get(e);this.selectNode(t===void 0?null:this.tree.byGraphId[t],!1,!0)}search(e){this.query=e,this.applySearch(!0)}showNextMatch(){this.tree===null||this.matches.length===0||(this.beforeSearch===null&&(this.beforeSearch=new Set(this.expanded)),this.matchCursor=(this.matchCursor+1)%this.matches.length,this.expanded=Xt(this.beforeSearch,this.searchToggles),this.selectNode(this.matches[this.matchCursor],!0,!0),this.refresh())}setOverlay(e){this.overlay=e,this.legend.replaceChildren(),e?.legend&&this.legend.appendChild(e.legend),this.legend.style.display=e?.legend?"block":"none",this.root.setAttribute("data-overlay",e?e.label:""),this.decorate()}setBadges(e){this.badges=e,this.decorate()}exportSVG(){this.renderer.highlight({selected:null,matches:new Set,hiding:new Set},this.theme);try{return jr(this.renderer.svg,this.renderer.viewport,this.renderer.bounds,this.theme.background)}finally{this.applyHighlight()}}exportPNG(){try{return Wr(this.exportSVG())}catch(e){return Promise.reject(e)}}setDark(e){let t=e?rr:tr;t!==this.theme&&(this.theme=t,this.applyTheme(),this.panel.setTheme(t),this.drawnLayout!==null&&this.model!==null&&this.tree!==null&&(this.draw(this.model,this.tree,this.drawnLayout),this.decorate()))}destroy(){if(!this.destroyed){this.destroyed=!0,this.client.destroy(),this.viewport.destroy(),this.resizeObserver.disconnect(),this.busyTimer!==null&&clearTimeout(this.busyTimer),this.root.remove();for(let e of this.waiters.splice(0))e.resolve()}}toggle(e){if(!G(e)||e.children.length===0)return;let t=this.renderer.rectOf(e.id);t!==void 0&&(this.anchor={id:e.id,screen:this.viewport.toScreen(t.x,t.y)});let r=!this.expanded.has(e.id);r?this.expanded.add(e.id):this.expanded.delete(e.id),this.beforeSearch!==null&&this.searchToggles.set(e.id,r),this.refresh()}setExpansion(e){this.expanded=e,this.beforeSearch!==null&&(this.beforeSearch=new Set(e),this.searchToggles.clear()),this.fitPending=!0,this.refresh()}resetExpansion(){this.tree!==null&&this.setExpansion(qt(this.tree,this.model))}expandTo(e){this.tree!==null&&this.setExpansion(Fr(this.tree,e,this.expanded))}toggleDirection(){this.direction=this.direction==="DOWN"?"RIGHT":"DOWN",this.directionButton.textContent=this.direction==="DOWN"?"↓":"→",this.directionButton.title=this.direction==="DOWN"?"Lay out left to right":"Lay out top to bottom",this.root.setAttribute("data-direction",this.direction),this.fitPending=!0,this.refresh()}fillDepths(e){let t=[new Option("Depth…","")];for(let r=1;r<=e;r++)t.push(new Option(r===e?`${r} (all)`:String(r),String(r)));this.depthSelect.replaceChildren(...t),this.depthSelect.value=""}wrapAspect(e=this.expanded){if(this.tree===null||zr(this.tree,e)<=ei)return null;let t=this.canvasArea.getBoundingClientRect(),r=t.width>0&&t.height>0?t.width/t.height:1.6;return Math.min(4,Math.max(.5,Math.round(r*4)/4))}currentKey(e=this.expanded){return`${this.generation}|${this.direction}|${this.wrapAspect(e)??""}|${Gr(e)}`}layoutGraph(e,t,r){return ti(e,t,r,ze(e,t,r),this.measure,this.direction,this.wrapAspect(r))}prefetchLikelyNext(){let{model:e,tree:t}=this;if(e===null||t===null)return;let r=null;for(let[s]of this.renderer.drawnRects()){let o=t.byId.get(s);o?.kind==="repeat"&&!this.expanded.has(s)&&(r===null||o.children.length>r.children.length)&&(r=o)}if(r===null)return;let n=new Set(this.expanded).add(r.id);this.client.prefetch(this.currentKey(n),()=>this.layoutGraph(e,t,n))}async refresh(){let{model:e,tree:t}=this;if(e===null||t===null||this.destroyed)return;let r=this.currentKey();if(r===this.drawnKey){this.afterDraw();return}let n=this.client.cached(r);if(n===void 0){this.setState("layout"),this.showBusySoon();let s=wt("layout-graph",()=>this.layoutGraph(e,t,this.expanded)),o=performance.now();try{n=await this.client.layout(r,s),performance.measure("modelviz:layout",{start:o})}catch(a){if(a instanceof Be||this.destroyed)return;r===this.currentKey()&&this.showError(a instanceof Error?a.message:String(a));return}if(this.destroyed||r!==this.currentKey())return}wt("draw",()=>this.draw(e,t,n)),this.drawnKey=r,this.drawnLayout=n,this.afterDraw()}draw(e,t,r){let n=new Map;for(let a of ze(e,t,this.expanded).edges)n.set(a.id,Yr(e,a.edges));this.renderer.setEdgeTooltips(n),this.renderer.draw(e,t,this.expanded,r,this.theme);let s=[...this.renderer.drawnRects()].map(([a,d])=>({rect:d,frame:this.renderer.isFrame(a)}));this.minimap.draw(s,this.renderer.bounds,this.theme);let o=this.viewport.current;this.renderer.setScale(o.k),this.minimap.follow(o,this.viewport.viewSize())}afterDraw(){if(this.fitPending)this.fit(!0);else if(this.anchor!==null){let e=this.renderer.rectOf(this.anchor.id);e!==void 0&&this.viewport.pin(e.x,e.y,this.anchor.screen)}if(this.anchor=null,this.revealTarget!==null){let e=this.renderer.rectOf(this.revealTarget);e!==void 0&&!this.fitPending&&this.viewport.ensureVisible(e),this.revealTarget=null}this.decorate(),this.clearBusy(),this.showMatchCount(),this.setState("ready");for(let e of this.waiters.splice(0))e.resolve();this.prefetchLikelyNext()}fit(e=!1){let{width:t,height:r}=this.renderer.bounds;if(t<=0)return;let n=this.canvasArea.getBoundingClientRect();if(n.width<=0||n.height<=0){this.fitPending=!0;return}e?this.viewport.overview({x:0,y:0,width:t,height:r}):this.viewport.fit({x:0,y:0,width:t,height:r}),this.fitPending=!1}whenReady(){return new Promise((e,t)=>this.waiters.push({resolve:e,reject:t}))}selectNode(e,t,r=!1){if(this.model!==null){if(this.selected=e,this.panel.show(this.model,e),t){let n=e!==null&&e.kind==="module"?this.model.nodes[e.graphId].layer:null;this.options.onSelect(n)}if(e!==null&&r){if(this.revealTarget=e.id,Pr(this.expanded,e)){this.refresh();return}let n=this.renderer.rectOf(e.id);n!==void 0&&this.viewport.ensureVisible(n),this.revealTarget=null}this.applyHighlight()}}applySearch(e){if(!(this.model===null||this.tree===null)){if(this.matches=ui(this.model,this.tree,this.query),this.matchCursor=-1,this.query.trim()===""&&this.beforeSearch!==null){this.expanded=Xt(this.beforeSearch,this.searchToggles),this.beforeSearch=null,this.searchToggles.clear(),e&&this.refresh();return}e&&(this.applyHighlight(),this.status.textContent="",this.showMatchCount())}}decorate(){if(this.model!==null&&this.tree!==null){let e=t=>this.renderer.isDrawn(t);this.renderer.setFills(this.overlay?ai(this.model,this.tree,this.overlay,e):new Map),this.renderer.drawBadges(this.badges?li(this.model,this.tree,this.expanded,this.badges,e):new Map,this.theme)}this.applyHighlight()}applyHighlight(){let e=new Set,t=new Set;for(let r of this.matches)this.renderer.isDrawn(r.id)?e.add(r.id):t.add(pt(this.expanded,r).id);this.renderer.highlight({selected:this.selected?.id??null,matches:e,hiding:t},this.theme),this.root.setAttribute("data-matches",String(this.matches.length))}nodeOf(e){let r=(e.target instanceof Element?e.target.closest('[data-testid="graph-node"]'):null)?.getAttribute("data-id");return r?this.tree?.byId.get(r)??null:null}onClick(e){let t=this.nodeOf(e);if(t===null){this.selected!==null&&this.selectNode(null,!0);return}e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null?this.toggle(t):this.selectNode(t,!0)}onDoubleClick(e){let t=this.nodeOf(e),r=e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null;t!==null&&!r&&this.toggle(t)}onKey(e){if(this.tree===null||e.altKey||e.ctrlKey||e.metaKey)return;let t=St.ARROWS[e.key];if(t!==void 0){e.preventDefault();let r=this.selected!==null&&this.renderer.isDrawn(this.selected.id)?this.selected.id:null,n=si(this.renderer.drawnRects(),r,t,o=>this.renderer.isFrame(o)),s=n===null?null:this.tree.byId.get(n)??null;s!==null&&this.selectNode(s,!0,!0)}else e.key==="Enter"&&this.selected!==null?(e.preventDefault(),this.toggle(this.selected)):e.key==="Escape"&&this.selected!==null&&(e.preventDefault(),e.stopPropagation(),this.selectNode(null,!0))}onHover(e){if(!(e.target instanceof Element)||e.buttons!==0)return;let t=e.target.closest('[data-role="toggle"]'),r=e.target.closest('[data-testid="graph-node"]'),n=e.target.closest('[data-testid="graph-edge"]'),s=null;if(t!==null?s=t.getAttribute("data-tip"):r!==null?s=this.renderer.nodeTooltip(r.getAttribute("data-id")??""):n!==null&&(s=this.renderer.edgeTooltip(n.getAttribute("data-id")??"")),s===null){this.hideTooltip();return}if(e.target.closest('[data-testid="graph-badge"]')!==null)return;this.tooltip.textContent=s,this.tooltip.setAttribute("data-for",r!==null?"node":n!==null?"edge":"button"),this.tooltip.style.display="block";let a=this.canvasArea.getBoundingClientRect(),d=e.clientX-a.left+14,p=e.clientY-a.top+16,u=this.tooltip.offsetWidth,m=this.tooltip.offsetHeight;this.tooltip.style.left=`${Math.max(4,Math.min(d,a.width-u-4))}px`,this.tooltip.style.top=`${p+m>a.height-4?Math.max(4,p-m-24):p}px`}hideTooltip(){this.tooltip.style.display!=="none"&&(this.tooltip.style.display="none")}addButton(e,t,r,n){let s=document.createElement("button");return s.textContent=e,s.title=r,s.setAttribute("aria-label",r),s.setAttribute("data-testid",t),s.addEventListener("click",n),this.toolbar.appendChild(s),s}applyTheme(){this.root.style.background=this.theme.background,this.root.style.color=this.theme.text,this.root.setAttribute("data-theme",this.theme===rr?"dark":"light");for(let e of this.toolbar.querySelectorAll("button, select"))Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",font:"inherit",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",minWidth:"26px"});this.status.style.color=this.root.getAttribute("data-state")==="error"?this.theme.error:this.theme.mutedText;for(let e of[this.legend,this.tooltip])Object.assign(e.style,{background:this.theme.panelBackground,color:this.theme.text,border:`1px solid ${this.theme.panelBorder}`})}setState(e){this.root.setAttribute("data-state",e)}showBusySoon(){this.busyTimer===null&&(this.busyTimer=setTimeout(()=>{this.busyTimer=null,this.root.getAttribute("data-state")==="layout"&&(this.status.textContent="Laying out…")},Rn))}clearBusy(){this.busyTimer!==null&&clearTimeout(this.busyTimer),this.busyTimer=null,this.status.textContent="",this.status.style.color=this.theme.mutedText}showMatchCount(){if(this.query.trim()==="")return;let e=this.matches.length;this.status.textContent=e===0?"No matches":`${e===1?"1 match":`${e} matches`} · Enter: show ${this.matchCursor<0?"the first":"the next"}`}showError(e){this.clearBusy(),this.setState("error"),this.status.textContent=e,this.status.style.color=this.theme.error;for(let t of this.waiters.splice(0))t.reject(new Error(e))}};c(St,"ARROWS",{ArrowUp:"up",ArrowDown:"down",ArrowLeft:"left",ArrowRight:"right"});var ir=St;function kt(i,e){return new ir(i,e)}var de=[{name:"activation_std",label:"Output std",kind:"positive"},{name:"activation_mean",label:"Output mean",kind:"signed"},{name:"activation_min",label:"Output min",kind:"signed"},{name:"activation_max",label:"Output max",kind:"signed"},{name:"activation_absmax",label:"Output |max|",kind:"positive"},{name:"activation_rms",label:"Output RMS",kind:"positive"},{name:"activation_zeros",label:"Zero (dead) fraction",kind:"fraction"},{name:"activation_saturated",label:"Saturated fraction (tanh/sigmoid)",kind:"fraction"},{name:"activation_nonfinite",label:"NaN/Inf in output",kind:"count"},{name:"param_norm",label:"Weight norm",kind:"positive"},{name:"param_nonfinite",label:"NaN/Inf in weights",kind:"count"},{name:"grad_norm",label:"Gradient norm",kind:"positive",preferLog:!0},{name:"grad_nonfinite",label:"NaN/Inf in gradients",kind:"count"},{name:"update_ratio",label:"Update ratio ‖ΔW‖/‖W‖",kind:"positive",preferLog:!0},{name:"output_grad_norm",label:"Output gradient norm",kind:"positive",preferLog:!0}],On=new Map(de.map(i=>[i.name,i]));function ce(i){return On.get(i)??{name:i,label:i,kind:"signed"}}function ye(i,e){let t=ce(i).kind;return t==="fraction"?J(e):t==="count"?I(e):S(e)}var We="#e8417e";function fi(i,e){let t=i.position(e);return Number.isNaN(t)?We:Oe(i.colormap,t)}var Hn=100,Dn=3;function Ee(i,e,t="viridis"){let r=e-i;return{kind:"linear",lo:i,hi:e,colormap:t,position:n=>r>0?Tt((n-i)/r):.5}}function In(i,e,t="viridis"){let r=Math.log10(i),n=Math.log10(e)-r;return{kind:"log",lo:i,hi:e,colormap:t,position:s=>s<=0?NaN:n>0?Tt((Math.log10(s)-r)/n):.5}}function je(i){let e=i>0&&Number.isFinite(i)?i:1;return{kind:"diverging",lo:-e,hi:e,colormap:"diverging",position:t=>Tt(.5+t/(2*e))}}function Ne(i,e,t=!1){let r=1/0,n=-1/0,s=1/0,o=!1;for(let d of e)d==null||!Number.isFinite(d)||(d<r&&(r=d),d>n&&(n=d),d>0&&d<s&&(s=d),d===0&&(o=!0));if(i==="fraction"||r===1/0)return Ee(0,1);if(i==="signed"&&r<0&&n>0)return je(Math.max(-r,n));if(i==="count")return Ee(0,Math.max(n,1),"magma");let a=n/s>(t?Dn:Hn);return r>=0&&s!==1/0&&(a||t&&o)?{...In(s,n),hasZero:o}:Ee(r,n)}var vi=.01;function _n(i,e=vi){let t=i>0&&Number.isFinite(i)?i:1,r=Math.min(e,t),n=o=>Math.sign(o)*Math.log10(1+Math.abs(o)/r),s=n(t);return{kind:"symlog",lo:-t,hi:t,colormap:"diverging",position:o=>Tt(.5+n(o)/(2*s))}}var Pn=10;function bi(i){let e=0;for(let t of i)t!=null&&Number.isFinite(t)&&(e=Math.max(e,Math.abs(t)));return e===0?je(1):e>vi*Pn?_n(e):je(e)}function Tt(i){return i<0?0:i>1?1:i}function se(i,e){let t=l("canvas",{class:"mv-legend-bar",attrs:{"aria-hidden":"true"}});Ze(t,i.colormap);let r=l("div",{class:"mv-legend-labels"},l("span",{},e.format(i.lo)),i.kind==="diverging"||i.kind==="symlog"?l("span",{},"0"):i.kind==="log"?l("span",{class:"mv-muted"},"log scale"):null,l("span",{},e.format(i.hi)));return l("div",{class:"mv-legend",testid:e.testid,dataset:{scale:i.kind}},e.title?l("div",{class:"mv-legend-title"},e.title):null,l("div",{class:"mv-legend-scale"},t,r),i.kind==="symlog"?l("div",{class:"mv-muted mv-legend-note"},"log scale both ways: every ×10 the same step of colour"):null,i.hasZero||e.missing?l("div",{class:"mv-legend-missing"},i.hasZero?l("span",{class:"mv-legend-swatch",style:{background:We}}):null,i.hasZero?"exactly 0":null,e.missing?l("span",{class:"mv-legend-swatch",style:e.missingColor?{background:e.missingColor}:{}}):null,e.missing??null):null)}var Gn=16;function yi(i,e,t,r){let n=ue(i,0,e),s=i.lo[0][t],o=i.hi[0][t],a=new Float32Array(r);for(let d=0;d<r;d++)a[d]=s+i.values[n+d]/255*(o-s);return a}function zn(i,e){if(i.layout!==e.layout)return`A is stored as ${i.layout} and B as ${e.layout}`;if(i.shape.length!==e.shape.length||i.shape.some((t,r)=>r>0&&t!==e.shape[r])){let t=i.sourceShape.slice(1),r=e.sourceShape.slice(1);return t.length!==r.length||t.some((n,s)=>n!==r[s])?`the layer's output is ${Y(t)} at A and ${Y(r)} at B: outputs of different shapes cannot be subtracted`:`A was stored at ${Y(i.shape.slice(1))} and B at ${Y(e.shape.slice(1))} (the byte budget downsampled them differently)`}return i.shape[0]===0||e.shape[0]===0?"one of the samples is empty":null}function Vn(i,e){let{planes:t,width:r,height:n}=le(i),s=r*n,o=[];for(let a=0;a<Math.min(t,Gn);a++){let d=i.layout==="chw"?a:0,p=yi(i,a,d,s),u=yi(e,a,d,s),m=new Float32Array(s),h=0;for(let v=0;v<s;v++)m[v]=u[v]-p[v],h=Math.max(h,Math.abs(m[v]));let g=Math.min(i.lo[0][d],e.lo[0][d]),f=Math.max(i.hi[0][d],e.hi[0][d]);o.push({a:p,b:u,diff:m,lo:g,hi:f,span:h})}return o}function nr(i,e,t,r,n,s,o){let a=l("canvas",{class:"mv-compare-canvas",testid:i}),d=r===1?Math.max(1,Math.round(t/12)):r,p=Math.ceil(Math.sqrt(e.length)),u=Math.ceil(e.length/p),m=e.length>1?Math.max(1,Math.round(Math.max(t,d)/16)):0;a.width=p*t+(p-1)*m,a.height=u*d+(u-1)*m;let h=a.getContext("2d");if(!h)return a;let g=ae(o);return e.forEach((f,v)=>{let y=n(f),b=s(f),L=h.createImageData(t,d);for(let k=0;k<d;k++)for(let E=0;E<t;E++){let $=y[(r===1?0:k)*t+E],_=Math.round(b.position($)*255)*3,T=(k*t+E)*4;L.data[T]=g[_],L.data[T+1]=g[_+1],L.data[T+2]=g[_+2],L.data[T+3]=255}h.putImageData(L,v%p*(t+m),Math.floor(v/p)*(d+m))}),a}function sr(i,e,t){return l("figure",{class:"mv-compare-figure"},l("figcaption",{},i),e,t)}function xi(i,e,t){let r=zn(i,e),{planes:n,width:s,height:o}=le(i);if(r)return l("p",{class:"mv-muted",testid:"compare-sample-mismatch"},`No difference map: ${r}.`);let a=Vn(i,e),d=f=>Ee(f.lo,f.hi),p=f=>je(f.span),u=a.length===1,m=u?se(d(a[0]),{format:S}):null,h=u?se(p(a[0]),{format:S}):null,g=n>a.length?`first ${a.length} of ${n} channels`:n>1?`${n} channels`:"";return l("div",{class:"mv-compare-samples"},l("div",{class:"mv-compare-figures"},sr(`A · ${t[0]}`,nr("compare-sample-a",a,s,o,f=>f.a,d,"viridis"),m),sr(`B · ${t[1]}`,nr("compare-sample-b",a,s,o,f=>f.b,d,"viridis"),m?m.cloneNode(!0):null),sr("B − A",nr("compare-sample-diff",a,s,o,f=>f.diff,p,"diverging"),h)),l("p",{class:"mv-muted mv-compare-note"},["First batch item",g,u?"":"each channel on its own scale, shared by A and B; B − A blue where B is lower, red where higher","A and B are outputs for the inputs logged at their own steps, so B − A shows a change of input as well as of the model unless the same batch was logged"].filter(Boolean).join("; ")+"."))}var wi="param_norm",Et=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"runSelect");c(this,"stepSelect");c(this,"statisticSelect");c(this,"bLabel");c(this,"body");c(this,"inputsSlot");c(this,"archSlot");c(this,"tableSlot");c(this,"graphHost");c(this,"graphLegend");c(this,"detail");c(this,"graph",null);c(this,"context",null);c(this,"statistic",wi);c(this,"sort",{key:"relative",descending:!0});c(this,"diff",null);c(this,"diffFor","");c(this,"detailFor","");c(this,"visible",!1);c(this,"dark",!1);this.runSelect=l("select",{testid:"compare-run",attrs:{"aria-label":"Run of A"},on:{change:()=>this.pickRun()}}),this.stepSelect=l("select",{testid:"compare-step",attrs:{"aria-label":"Step of A"},on:{change:()=>this.handlers.onReference(this.runSelect.value,Number(this.stepSelect.value))}}),this.statisticSelect=l("select",{testid:"compare-statistic",attrs:{"aria-label":"Statistic to compare"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de.map(r=>l("option",{attrs:{value:r.name}},r.label))),this.statisticSelect.value=this.statistic,this.bLabel=l("span",{class:"mv-compare-b mv-mono",testid:"compare-b"}),this.inputsSlot=l("div",{testid:"compare-inputs"}),this.archSlot=l("div",{testid:"compare-architecture"}),this.tableSlot=l("div",{class:"mv-compare-table"}),this.graphHost=l("div",{class:"mv-compare-graph",testid:"compare-graph"}),this.graphLegend=l("div",{class:"mv-muted mv-compare-graph-note"}),this.detail=l("div",{class:"mv-card",testid:"compare-detail"}),this.body=l("div",{class:"mv-compare-body"},this.inputsSlot,this.archSlot,l("div",{class:"mv-compare-row"},l("div",{class:"mv-card mv-compare-table-card"},l("h3",{},"Every layer",l("span",{class:"mv-card-note"},"click a header to sort, a row to open the layer")),this.tableSlot),l("div",{class:"mv-card mv-compare-graph-card"},l("h3",{},"Graph coloured by the change"),this.graphHost,this.graphLegend)),this.detail),this.element=l("section",{class:"mv-view mv-compare"},l("div",{class:"mv-view-bar"},l("span",{class:"mv-compare-side"},"A"),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Step"),this.stepSelect),l("span",{class:"mv-compare-arrow"},"→"),l("span",{class:"mv-compare-side"},"B"),this.bLabel,l("span",{class:"mv-spacer"}),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Compare"),this.statisticSelect)),this.body)}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de.some(t=>t.name===e)?e:wi,this.statisticSelect.value=this.statistic,this.diff&&this.renderDiff()}setVisible(e){this.visible=e,this.refresh()}invalidate(){this.diffFor=""}setDark(e){this.dark=e,this.graph?.setDark(e)}refresh(){let e=this.context;if(!this.visible||!e)return;this.renderSelectors(e);let{a:t,b:r}=e,n=[t.run,t.tag,t.step,r.run,r.tag,r.step].join("\0");n!==this.diffFor?(this.diffFor=n,this.detailFor="",this.load(e,n)):this.diff&&(this.renderDetail(),this.highlightRow())}renderSelectors(e){let t=e.runs.filter(n=>n.tags.some(s=>s.steps.length));x(this.runSelect,...t.map(n=>l("option",{attrs:{value:n.run}},n.run))),this.runSelect.value=e.a.run;let r=this.stepsOf(e.a.run,e.a.tag);x(this.stepSelect,...r.map(n=>l("option",{attrs:{value:n}},String(n)))),this.stepSelect.value=String(e.a.step),this.bLabel.textContent=`${e.b.run} · step ${e.b.step}`,this.bLabel.title="B is the run and step chosen in the toolbar"}stepsOf(e,t){let r=this.context?.runs.find(n=>n.run===e);return(r?.tags.find(n=>n.tag===t)??r?.tags[0])?.steps??[]}pickRun(){let e=this.context;if(!e)return;let t=this.stepsOf(this.runSelect.value,e.b.tag);if(t.length===0)return;let r=e.b.step,n=t.reduce((s,o)=>Math.abs(o-r)<Math.abs(s-r)?o:s,t[0]);this.handlers.onReference(this.runSelect.value,n)}async load(e,t){let{a:r,b:n}=e;this.diff=null,x(this.tableSlot,l("p",{class:"mv-muted"},"Loading…")),x(this.detail),x(this.inputsSlot);let s=r.run!==n.run||r.tag!==n.tag;try{let[o,a]=await Promise.all([this.store.stepDiff(r,n),s?this.store.architectureDiff(r,n):Promise.resolve(null)]);if(t!==this.diffFor)return;this.diff=o;let d=o.structures[0]!==o.structures[1],p=a??(d?await this.store.architectureDiff(r,n):null);if(t!==this.diffFor)return;x(this.inputsSlot,o.same_inputs===!1?Bn():null),x(this.archSlot,p?Fn(p,r,n):null),this.ensureGraph(),this.graph.setStructure(e.structure).catch(()=>{}),this.renderDiff()}catch(o){if(t!==this.diffFor||Se(o))return;x(this.archSlot),x(this.tableSlot,l("p",{class:"mv-error-text",testid:"compare-error"},o.message))}}ensureGraph(){this.graph||(this.graph=kt(this.graphHost,{workerUrl:new URL("./static/layout_worker.js",document.baseURI).href,onSelect:e=>{e&&this.handlers.onSelect(e)},onOpenActivations:e=>this.handlers.onSelect(e)}),this.graph.setDark(this.dark))}renderDiff(){let e=this.diff;if(!e)return;let t=this.statistic,r=e.layers.filter(s=>s.a[t]!==null||s.b[t]!==null),n=bi(r.map(s=>s.relative[t]));this.renderTable(r,t,n),this.colourGraph(r,t,n),this.renderDetail()}renderTable(e,t,r){let n=ce(t);if(e.length===0){x(this.tableSlot,l("p",{class:"mv-muted",testid:"compare-empty"},`Neither step has a value of “${n.label}” for any layer.`));return}let s=new Map(e.map((m,h)=>[m.key,h])),o=m=>{switch(this.sort.key){case"a":return m.a[t];case"b":return m.b[t];case"delta":return Mt(m.delta[t]);case"relative":return Mt(m.relative[t]);default:return s.get(m.key)}},a=[...e].sort((m,h)=>{let g=o(m),f=o(h);return g===null||f===null?g===f?s.get(m.key)-s.get(h.key):g===null?1:-1:this.sort.descending?f-g:g-f}),d=(m,h,g)=>l("th",{class:(m==="order"?"":"is-numeric")+(this.sort.key===m?" is-sorted":""),title:g,dataset:{sort:m},on:{click:()=>{this.sort={key:m,descending:this.sort.key===m?!this.sort.descending:m!=="order"},this.renderTable(e,t,r)}}},h,this.sort.key===m?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null),p=m=>ye(t,m),u=l("tbody",{},...a.map(m=>{let h=m.relative[t];return l("tr",{testid:"compare-row",dataset:{key:m.key},class:m.key===this.context?.layer?"is-selected":"",on:{click:()=>this.handlers.onSelect(m.key)}},l("td",{class:"mv-compare-name"},Dr(U(m),`${U(m)} (${m.type??"?"})`)),l("td",{class:"is-numeric",title:p(m.a[t])},p(m.a[t])),l("td",{class:"is-numeric",title:p(m.b[t])},p(m.b[t])),l("td",{class:"is-numeric",title:or(m.delta[t],p)},or(m.delta[t],p)),l("td",{class:"is-numeric mv-compare-change"},h===null?"–":l("span",{class:"mv-change-swatch",style:{background:Oe("diverging",r.position(h))}}),h===null?null:Lt(h)))}));x(this.tableSlot,l("div",{class:"mv-table-scroll mv-scroll-visible",testid:"compare-table-scroll"},l("table",{class:"mv-table mv-compact mv-sortable mv-compare-grid",testid:"compare-table"},l("colgroup",{},l("col",{}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-delta"}),l("col",{class:"mv-col-change"})),l("thead",{},l("tr",{},d("order","layer","Model order"),d("a","A",`${n.label} at A`),d("b","B",`${n.label} at B`),d("delta","B − A","Difference (sorted by size)"),d("relative","change","(B − A) / |A| (sorted by size)"))),u)))}highlightRow(){for(let e of this.tableSlot.querySelectorAll("tr[data-key]"))e.classList.toggle("is-selected",e.dataset.key===this.context?.layer)}colourGraph(e,t,r){if(!this.graph)return;let n=new Map;for(let o of e){let a=o.relative[t];a!==null&&Number.isFinite(a)&&n.set(o.key,a)}let s=`Change of ${ce(t).label}`;this.graph.setOverlay({label:s,values:n,color:o=>Oe("diverging",r.position(o)),format:Lt,combine:"maxAbs",legend:se(r,{title:`${s}, (B − A) / |A|`,format:Lt,missing:"no value at A or B",testid:"compare-legend"})}),this.graphLegend.textContent=n.size===0?"No layer has this statistic at both A and B.":"Blue: lower at B; red: higher at B."}renderDetail(){let e=this.context,t=this.diff;if(!e||!t)return;let r=t.layers.find(a=>a.key===e.layer)??this.mostChanged(t),n=[this.diffFor,r?.key].join("\0");if(n===this.detailFor)return;if(this.detailFor=n,!r){x(this.detail,l("p",{class:"mv-muted"},"Pick a layer in the table or the graph."));return}let s=de.filter(a=>r.a[a.name]!==null||r.b[a.name]!==null),o=l("div",{class:"mv-muted mv-chart-placeholder"},"Loading activation samples…");x(this.detail,l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"compare-layer-name"},U(r)),l("span",{class:"mv-type-chip"},r.type??"?"),t.only_in_a.includes(r.key)?l("span",{class:"mv-badge"},"only in A"):null,t.only_in_b.includes(r.key)?l("span",{class:"mv-badge"},"only in B"):null,l("span",{class:"mv-spacer"}),Q(r.key,"compare")),l("div",{class:"mv-compare-detail-row"},l("table",{class:"mv-table mv-compact",testid:"compare-layer-stats"},l("thead",{},l("tr",{},l("th",{},"statistic"),l("th",{class:"is-numeric"},"A"),l("th",{class:"is-numeric"},"B"),l("th",{class:"is-numeric"},"B − A"),l("th",{class:"is-numeric"},"change"))),l("tbody",{},...s.map(a=>{let d=u=>ye(a.name,u),p=r.relative[a.name];return l("tr",{class:a.name===this.statistic?"is-selected":""},l("td",{},a.label),l("td",{class:"is-numeric"},d(r.a[a.name])),l("td",{class:"is-numeric"},d(r.b[a.name])),l("td",{class:"is-numeric"},or(r.delta[a.name],d)),l("td",{class:"is-numeric"},p===null?"–":Lt(p)))}))),l("div",{class:"mv-compare-sample-slot"},o))),this.loadSamples(e,r.key,o,n)}mostChanged(e){let t;for(let r of e.layers){if(r.depth===0)continue;let n=Mt(r.relative[this.statistic]);n!==null&&(t===void 0||n>Mt(t.relative[this.statistic]))&&(t=r)}return t??e.layers.find(r=>r.depth!==0)}async loadSamples(e,t,r,n){let{a:s,b:o}=e,a=g=>s.run===o.run?`step ${g.step}`:`${g.run} · step ${g.step}`,d=async g=>{let f=await this.store.step(g);if(!(t in f.samples))throw new Error(`no activation sample of this layer was stored at ${a(g)}`);return this.store.sample(g,t)},p=await Promise.allSettled([d(s),d(o)]);if(n!==this.detailFor)return;let[u,m]=p;if(u.status==="fulfilled"&&m.status==="fulfilled"){r.replaceChildren(xi(u.value,m.value,[a(s),a(o)]));return}let h=(g,f)=>g.status==="rejected"?`${f}: ${g.reason.message}`:null;r.replaceChildren(l("p",{class:"mv-muted",testid:"compare-no-sample"},"No activation maps to compare.",...[h(u,"A"),h(m,"B")].filter(Boolean).map(g=>l("span",{class:"mv-block"},g))))}};function Bn(){return l("div",{class:"mv-card mv-inputs-note",testid:"compare-different-inputs"},l("h3",{},"A and B ran on different inputs"),l("p",{},"The changes below mix how the model changed with how its inputs differ, and the maps B − A subtract the activations of different inputs. To compare the model alone, log the same inputs at every step (a fixed probe batch)."))}function Mt(i){return i==null||!Number.isFinite(i)?null:Math.abs(i)}function or(i,e){return i==null?"–":(i>0?"+":"")+e(i)}function Lt(i){let e=i*100,t=Math.abs(e),r=i>0?"+":i<0?"-":"";if(t>=1e6)return r+A(t)+" %";let n=t>=10?Math.round(t).toLocaleString("en-US"):t.toFixed(1);return r+n+" %"}function Fn(i,e,t){let r=a=>`${a.run} · step ${a.step}`,n=(a,d,p)=>l("div",{class:"mv-arch-side"},l("span",{class:"mv-compare-side"},a),l("span",{class:"mv-mono"},r(d)),l("span",{class:"mv-mono"},p.model_type??"?"),l("span",{class:"mv-muted"},`${A(p.params)} parameters, ${A(p.frozen)} frozen`));if(i.identical)return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture"),l("p",{testid:"arch-identical"},`Same architecture in both: ${i.b.model_type??"model"}, ${A(i.b.params)} parameters.`));let s=(a,d,p,u)=>l("li",{class:"mv-arch-item",testid:"arch-diff-item",dataset:{change:a}},l("span",{class:"mv-arch-sign"},d),l("span",{class:"mv-mono"},U(p)),l("span",{class:"mv-muted"},p.type??""),l("span",{},u)),o=[...i.added.map(a=>s("added","+",a,`added, ${A(a.params_total)} parameters`)),...i.removed.map(a=>s("removed","−",a,`removed, ${A(a.params_total)} parameters`)),...i.changed.map(a=>s("changed","~",a,Object.entries(a.changes).map(([d,[p,u]])=>`${d.replace(/_/g," ")}: ${Nt(p)} → ${Nt(u)}`).join("; "))),...i.frozen.map(a=>s("frozen","❄",a,`frozen (${A(a.params)} parameters no longer trainable)`)),...i.unfrozen.map(a=>s("unfrozen","✎",a,`unfrozen (${A(a.params)} parameters trainable again)`))];return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture",l("span",{class:"mv-card-note"},`${o.length} difference${o.length===1?"":"s"}`)),l("div",{class:"mv-arch-sides"},n("A",e,i.a),n("B",t,i.b)),o.length?l("ul",{class:"mv-arch-list"},...o):l("p",{class:"mv-muted"},"Same modules; the graphs differ in how they are called."))}function Nt(i){return i==null?"–":typeof i=="number"?i.toLocaleString("en-US"):typeof i=="string"?i:Array.isArray(i)?i.length===0?"none":i.every(e=>typeof e=="number")?i.join("×"):i.map(Nt).join(", "):typeof i=="object"?Object.entries(i).map(([e,t])=>`${e} ${Nt(t)}`).join(", "):String(i)}var ar=[{name:"flops",label:"FLOPs",kind:"positive",combine:"sum",format:j},{name:"params",label:"Parameters",kind:"positive",combine:"sum",format:A},{name:"output_bytes",label:"Output bytes",kind:"positive",combine:"sum",format:W},{name:"activation_std",label:"Output std",kind:"positive",combine:"max",format:S},{name:"dead_fraction",label:"Dead (zero) fraction",kind:"fraction",combine:"max",format:J},{name:"grad_norm",label:"Gradient norm",kind:"positive",combine:"max",format:S,preferLog:!0},{name:"update_ratio",label:"Update ratio",kind:"positive",combine:"max",format:S,preferLog:!0},{name:"output_grad_norm",label:"Output gradient norm",kind:"positive",combine:"max",format:S,preferLog:!0}];function ki(i){return ar.find(e=>e.name===i)??null}var Ue=i=>typeof i=="number"&&Number.isFinite(i);function Si(i,e){let t=new Map;for(let r of i.layers){let n=r.name===""?"":r.name+".";t.set(r.key,n===""?e:e.filter(s=>s.startsWith(n)))}return t}function Ti(i,e,t){let r=new Map,n=new Map,s=(o,a)=>{Ue(a)&&r.set(o,a)};switch(i.name){case"flops":for(let o of e.layers)s(o.key,o.flops);for(let o of e.nodes)o.kind==="op"&&Ue(o.flops)&&n.set(o.id,o.flops);break;case"params":for(let o of e.layers)s(o.key,o.params_total);break;case"output_bytes":for(let o of e.layers)s(o.key,o.output_bytes);break;case"activation_std":for(let o of e.layers)s(o.key,t?.activations[o.key]?.std);break;case"dead_fraction":for(let o of e.layers)s(o.key,t?.activations[o.key]?.zeros);break;case"output_grad_norm":for(let o of e.layers)s(o.key,t?.output_grads?.[o.key]);break;case"grad_norm":{if(!t)break;let o=Si(e,Object.keys(t.grads));for(let[a,d]of o){let p=d.map(u=>t.grads[u]?.norm).filter(Ue);p.length&&r.set(a,Math.sqrt(p.reduce((u,m)=>u+m*m,0)))}break}case"update_ratio":{let o=t?.updates;if(!t||!o)break;let a=Si(e,Object.keys(o));for(let[d,p]of a){let u=0,m=0,h=!1;for(let g of p){let f=o[g];if(!Ue(f))continue;let v=t.params[g]?.norm,y=Ue(v)?v:1;u+=(f*y)**2,m+=y*y,h=!0}h&&r.set(d,m>0?Math.sqrt(u/m):0)}break}}return{layers:r,ops:n}}function jn(i,e,t){let{layers:r,ops:n}=Ti(i,e,t),s=e.layers.find(u=>u.parent===null)?.key,o=[...r].filter(([u])=>u!==s).map(([,u])=>u),a=Ne(i.kind,[...o,...n.values()],i.preferLog),d=r.size>0,p=se(a,{title:i.label+(i.name==="grad_norm"||i.name==="update_ratio"?" (whole module)":""),format:i.format,missing:d?"uncoloured: no value":"not recorded at this step",missingColor:"transparent",testid:"graph-overlay-legend"});return{label:i.label,values:r,ops:n,color:u=>fi(a,u),format:i.format,combine:i.combine,legend:p}}function Wn(i,e){if(e==="forward")return i;let t=i.backward;if(!t)return"No backward graph in this log: it is recorded by add_model_viz with each new structure (backward_graph=True, the default, since issue 24).";if(t.error)return`No backward graph: ${t.error}`;let r=t.nodes.map(n=>n.kind==="input"&&n.reachable===!1?{...n,label:`${n.label} ⊘ no gradient`,name:`${n.name} ⊘ no gradient`}:n);return{...i,hash:`${i.hash}:backward`,nodes:r,edges:t.edges}}function Un(i){let e=new Map;for(let t of i){let r=`${Me(t.kind)} from step ${t.step}: ${t.message}`,n=e.get(t.layer);e.set(t.layer,{text:n?n.text+`
`+r:r})}return e}var Ct=class{constructor(e){c(this,"element");c(this,"view");c(this,"container");c(this,"message");c(this,"searchInput");c(this,"overlaySelect");c(this,"directionSelect");c(this,"direction","forward");c(this,"structureHash",null);c(this,"modelName","model");c(this,"layoutGeneration",0);c(this,"structure",null);c(this,"recorded",null);c(this,"step",null);c(this,"metric",null);this.overlaySelect=l("select",{testid:"graph-overlay",attrs:{"aria-label":"Colour the graph by"},on:{change:()=>e.onOverlay(this.overlaySelect.value||null)}},l("option",{attrs:{value:""}},"nothing"),...ar.map(n=>l("option",{attrs:{value:n.name}},n.label))),this.directionSelect=l("select",{testid:"graph-direction",attrs:{"aria-label":"Graph direction"},on:{change:()=>{let n=this.directionSelect.value==="backward"?"backward":"forward";this.setDirection(n),e.onDirection(n)}}},l("option",{attrs:{value:"forward"}},"forward"),l("option",{attrs:{value:"backward"}},"backward (autograd)")),this.searchInput=l("input",{class:"mv-search",testid:"graph-search",attrs:{type:"search",placeholder:"Search modules, ops ( / )","aria-label":"Search the graph","aria-keyshortcuts":"/"},on:{input:()=>this.view.search(this.searchInput.value),keydown:n=>{let s=n.key;s==="Enter"?(n.preventDefault(),this.view.showNextMatch()):s==="Escape"&&(n.preventDefault(),this.searchInput.value="",this.view.search(""),this.searchInput.blur())}}}),document.addEventListener("keydown",n=>this.onPageKey(n));let t=(n,s,o,a)=>l("button",{class:"mv-button",testid:s,title:o,attrs:{type:"button"},on:{click:a}},F("download",14),n);this.container=l("div",{class:"mv-graph-host",testid:"graph-host"}),this.message=l("div",{class:"mv-graph-message",attrs:{role:"status"}}),this.message.hidden=!0,this.element=l("section",{class:"mv-view mv-graph"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},F("search",14),this.searchInput),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Graph"),this.directionSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Colour by"),this.overlaySelect),l("span",{class:"mv-muted mv-hint"},"Click a module to select it, double-click to open it; arrows and Enter on the drawing"),l("span",{class:"mv-spacer"}),t("SVG","export-svg","Download the graph as it is shown, as SVG",()=>this.exportSvg()),t("PNG","export-png","Download the graph as it is shown, as PNG",()=>{this.exportPng()})),l("div",{class:"mv-graph-stage"},this.container,this.message));let r=new URL("./static/layout_worker.js",document.baseURI).href;this.view=kt(this.container,{workerUrl:r,onSelect:n=>e.onSelect(n),onOpenActivations:n=>e.onOpenActivations(n),renderThumbnail:(n,s)=>e.renderThumbnail(n,s)})}async setStructure(e){this.recorded=e;let t=Wn(e,this.direction);if(this.structure=typeof t=="string"?e:t,this.applyOverlay(),typeof t=="string"){this.structureHash=null,this.showMessage(t,!1);return}if(t.hash===this.structureHash)return;this.structureHash=t.hash,this.modelName=e.model_type||"model";let r=++this.layoutGeneration;this.showMessage(null,!1);try{await this.view.setStructure(t)}catch{r===this.layoutGeneration&&(this.structureHash=null)}}setDirection(e){e!==this.direction&&(this.direction=e,this.directionSelect.value=e,this.element.dataset.direction=e,this.recorded&&this.setStructure(this.recorded))}setStep(e){this.step=e,this.view.setStep(e),this.applyOverlay()}setOverlay(e){this.metric=ki(e),this.overlaySelect.value=this.metric?.name??"",this.applyOverlay()}setAlerts(e){this.view.setBadges(Un(e))}applyOverlay(){let{metric:e,structure:t}=this;this.view.setOverlay(e&&t?jn(e,t,this.step):null)}select(e){this.view.select(e)}setDark(e){this.view.setDark(e)}onPageKey(e){if(e.key!=="/"||e.ctrlKey||e.metaKey||e.altKey)return;let t=e.target;t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))||!this.element.isConnected||this.element.offsetParent===null||(e.preventDefault(),this.searchInput.focus(),this.searchInput.select())}showMessage(e,t){this.message.hidden=e===null,this.message.classList.toggle("is-error",t),x(this.message,e??"")}exportSvg(){let e=this.view.exportSVG();Re(new Blob([e],{type:"image/svg+xml"}),`${this.modelName}${this.direction==="backward"?"-backward":""}-graph.svg`)}async exportPng(){try{Re(await this.view.exportPNG(),`${this.modelName}${this.direction==="backward"?"-backward":""}-graph.png`)}catch(e){this.showMessage(`PNG export failed: ${e.message}`,!0)}}};function Mi(i){let e=i==null?"":typeof i=="string"?i:JSON.stringify(i);return/^[=+\-@\t\r]/.test(e)&&typeof i=="string"&&(e="'"+e),/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}var Kn=["key","name","type","depth","parent","call","calls","input_shapes","output_shapes","params","params_total","trainable","frozen","flops","output_bytes","kernel_size","stride","groups","out_mean","out_std","out_zeros"];function Li(i,e,t){let r=[Kn.join(",")];for(let n of i){let s=t?.activations[n.key];r.push([n.key,n.name,n.type,n.depth,n.parent,n.call,n.calls,n.input_shapes,n.output_shapes,n.params,n.params_total,n.trainable,n.frozen,n.flops,n.output_bytes,n.kernel_size,n.stride,n.groups,s?.mean,s?.std,s?.zeros].map(Mi).join(","))}return r.push(["total","","","","","",e.module_calls,"","",e.params,e.params,e.trainable,e.frozen,e.flops,e.output_bytes].map(Mi).join(",")),r.join(`\r
`)+`\r
`}function Ei(i){let e=new Map,t=new Map;for(let a of i){let d={row:a,parent:null,children:[],depth:0};e.set(a.key,d),t.has(a.name)||t.set(a.name,d)}let r=[];for(let a of e.values()){let d=a.row.parent!==null?e.get(a.row.parent)??null:null;!d&&a.row.parent!==null&&(d=qn(a.row.name,t)),d===a&&(d=null),a.parent=d,(d?d.children:r).push(a)}let n=[],s=new Set,o=(a,d)=>{if(!s.has(a)){s.add(a),a.depth=d,n.push(a);for(let p of a.children)o(p,d+1)}};for(let a of r)o(a,0);for(let a of e.values())s.has(a)||(a.parent?.children.splice(a.parent.children.indexOf(a),1),a.parent=null,r.push(a),o(a,0));return{roots:r,byKey:e,ordered:n}}function qn(i,e){let t=i;for(;t!=="";){let r=t.lastIndexOf(".");t=r<0?"":t.slice(0,r);let n=e.get(t);if(n&&n.row.name!==i)return n}return null}var Ke=[{id:"type",label:"Type",title:"Module class",numeric:!1,sortValue:i=>i.row.type,cell:i=>({text:i.row.type,title:i.row.extra?`${i.row.type}(${i.row.extra})`:i.row.type})},{id:"output",label:"Output shape",title:"Shapes of the tensors this call returned",numeric:!1,sortValue:i=>(i.row.output_shapes?.[0]??[]).reduce((e,t)=>e*t,1),cell:i=>({text:De(i.row.output_shapes),muted:i.row.calls===0})},{id:"params",label:"Params",title:"Parameters in this module's subtree (shared parameters counted once)",numeric:!0,sortValue:i=>i.row.params_total,cell:i=>i.row.params_total?{text:A(i.row.params_total),title:`${I(i.row.params_total)} parameters (${I(i.row.params)} registered directly)`}:{text:"–",muted:!0},total:i=>({text:A(i.params),title:`${I(i.params)} parameters`,exact:i.params})},{id:"trainable",label:"Trainable",title:"Parameters with requires_grad in this module's subtree",numeric:!0,sortValue:i=>i.row.trainable,cell:i=>{if(!i.row.params_total)return{text:"–",muted:!0};let e=`${I(i.row.trainable)} trainable, ${I(i.row.frozen)} frozen`;return i.row.trainable===0?{text:"frozen",title:e,muted:!0}:{text:A(i.row.trainable)+(i.row.frozen?" *":""),title:e}},total:i=>({text:A(i.trainable),title:`${I(i.trainable)} trainable, ${I(i.frozen)} frozen`,exact:i.trainable})},{id:"flops",label:"FLOPs",title:"Floating-point operations of this call, children included",numeric:!0,sortValue:i=>i.row.flops,cell:i=>i.row.flops?{text:j(i.row.flops),title:`${I(i.row.flops)} FLOPs`}:{text:"–",muted:!0},total:i=>({text:j(i.flops),title:`${I(i.flops)} FLOPs in one forward pass`,exact:i.flops})},{id:"output_bytes",label:"Output size",title:"Bytes of the tensors this call returned",numeric:!0,sortValue:i=>i.row.output_bytes,cell:i=>i.row.output_bytes?{text:W(i.row.output_bytes),title:`${I(i.row.output_bytes)} bytes`}:{text:"–",muted:!0},total:i=>({text:W(i.output_bytes),title:`${I(i.output_bytes)} bytes returned by leaf calls`,exact:i.output_bytes})},{id:"kernel",label:"Kernel",title:"Kernel size, stride (/s) and groups (g)",numeric:!1,sortValue:i=>Bt(i.row.kernel_size,i.row.stride,i.row.groups),cell:i=>({text:Bt(i.row.kernel_size,i.row.stride,i.row.groups)})},{id:"std",label:"Out std",title:"Standard deviation of this call's output at the selected step",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.std??null,cell:(i,e)=>{let t=e?.activations[i.row.key];if(!t)return{text:"–",muted:!0};let r=t.nan+t.inf;return{text:r?`${r} non-finite`:S(t.std),title:`mean ${S(t.mean)}, std ${S(t.std)}, min ${S(t.min)}, max ${S(t.max)}`,warn:r>0}}},{id:"zeros",label:"Zeros",title:"Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.zeros??null,cell:(i,e)=>{let t=e?.activations[i.row.key]?.zeros;return t==null?{text:"–",muted:!0}:{text:J(t),warn:t>.9}}}],At=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"structure",null);c(this,"step",null);c(this,"tree",null);c(this,"expanded",new Set);c(this,"selected",null);c(this,"sort",null);c(this,"flat",!1);c(this,"filterText","");c(this,"filterInput");c(this,"modeButton");c(this,"countLabel");c(this,"head");c(this,"body");c(this,"foot");c(this,"scroller");this.filterInput=l("input",{class:"mv-search",testid:"layer-filter",attrs:{type:"search",placeholder:"Filter by name or type","aria-label":"Filter layers"},on:{input:()=>{this.filterText=this.filterInput.value.trim().toLowerCase(),this.renderBody()}}}),this.modeButton=l("button",{class:"mv-button",testid:"layers-flat-toggle",attrs:{type:"button","aria-pressed":"false"},title:"Show only leaf modules in one list (sorting then ranks all of them)",on:{click:()=>{this.flat=!this.flat,this.modeButton.setAttribute("aria-pressed",String(this.flat)),this.modeButton.classList.toggle("is-active",this.flat),this.renderBody()}}},"Leaves only"),this.countLabel=l("span",{class:"mv-muted mv-count"});let t=(r,n,s,o)=>l("button",{class:"mv-button",title:n,testid:o,attrs:{type:"button"},on:{click:s}},r);this.head=l("thead"),this.body=l("tbody"),this.foot=l("tfoot"),this.scroller=l("div",{class:"mv-table-scroll"},l("table",{class:"mv-table",testid:"layer-table"},this.head,this.body,this.foot)),this.element=l("section",{class:"mv-view mv-layers"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},F("search",14),this.filterInput),t("Expand all","Expand every module",()=>this.expandAll(!0)),t("Collapse","Show only the top-level modules",()=>this.expandAll(!1)),this.modeButton,this.countLabel,l("span",{class:"mv-spacer"}),l("button",{class:"mv-button",testid:"download-csv",title:"Download the layer table with exact numbers",attrs:{type:"button"},on:{click:()=>this.downloadCsv()}},F("download",14),"CSV")),this.scroller),this.renderHead()}setStructure(e){if(this.structure?.hash===e.hash&&this.structure===e)return;let t=this.structure===null;if(this.structure=e,this.tree=Ei(e.layers),t||this.expanded.size===0)for(let r of this.tree.ordered)r.depth<2&&r.children.length&&this.expanded.add(r.row.key);this.renderBody(),this.renderFoot()}setStep(e){this.step=e,this.tree&&this.renderBody()}select(e){this.selected=e;let t=e?this.tree?.byKey.get(e):void 0,r=!1;for(let n=t?.parent;n;n=n.parent)this.expanded.has(n.row.key)||(this.expanded.add(n.row.key),r=!0);r&&this.renderBody();for(let n of this.body.querySelectorAll("tr[data-key]")){let s=n.dataset.key===e;n.classList.toggle("is-selected",s),s&&this.element.isConnected&&this.element.offsetParent&&n.scrollIntoView({block:"nearest"})}}expandAll(e){if(this.tree){this.expanded.clear();for(let t of this.tree.ordered)t.children.length&&(e||t.depth===0)&&this.expanded.add(t.row.key);this.renderBody()}}renderHead(){let e=(t,r,n,s)=>{let o=this.sort?.column===t;return l("th",{class:(s?"is-numeric ":"")+(o?"is-sorted":""),title:`${n}. Click to sort.`,attrs:{scope:"col","aria-sort":o?this.sort.descending?"descending":"ascending":"none"},on:{click:()=>this.toggleSort(t,s)}},r,o?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null)};x(this.head,l("tr",{},e("name","Layer","Qualified module name",!1),...Ke.map(t=>e(t.id,t.label,t.title,t.numeric))))}toggleSort(e,t){this.sort?.column!==e?this.sort={column:e,descending:t}:this.sort.descending===t?this.sort={column:e,descending:!t}:this.sort=null,this.renderHead(),this.renderBody()}compare(){let e=this.sort;if(!e)return null;let t=Ke.find(s=>s.id===e.column),r=s=>t?t.sortValue(s,this.step):s.row.name,n=e.descending?-1:1;return(s,o)=>{let a=r(s),d=r(o);return a==null?d==null?0:1:d==null?-1:typeof a=="number"&&typeof d=="number"?n*(a-d):n*String(a).localeCompare(String(d),void 0,{numeric:!0})}}matches(e){if(!this.filterText)return!0;let t=e.row;return t.name.toLowerCase().includes(this.filterText)||t.type.toLowerCase().includes(this.filterText)}visibleRows(){let e=this.tree;if(!e)return[];let t=this.compare();if(this.flat){let a=e.ordered.filter(d=>d.children.length===0&&this.matches(d));return t&&a.sort(t),a.map(d=>({node:d,matched:!0}))}let r=this.filterText!=="",n=new Set;if(r){for(let a of e.ordered)if(this.matches(a))for(let d=a;d&&!n.has(d);d=d.parent)n.add(d)}let s=[],o=a=>{let d=t?[...a].sort(t):a;for(let p of d)r&&!n.has(p)||(s.push({node:p,matched:this.matches(p)}),p.children.length&&(r||this.expanded.has(p.row.key))&&o(p.children))};return o(e.roots),s}renderBody(){let e=this.visibleRows(),t=document.createDocumentFragment();for(let{node:n,matched:s}of e)t.appendChild(this.renderRow(n,s));e.length===0&&this.tree&&t.appendChild(l("tr",{},l("td",{class:"mv-table-empty",attrs:{colspan:Ke.length+1}},this.filterText?"No layer matches the filter.":"This model has no layers."))),x(this.body),this.body.appendChild(t);let r=this.tree?.ordered.length??0;this.countLabel.textContent=this.filterText||this.flat?`${e.length} of ${r} rows`:`${r} rows`}renderRow(e,t){let r=e.row,n=e.children.length>0,s=this.expanded.has(r.key)||this.filterText!==""&&!this.flat,o=n&&!this.flat?l("button",{class:"mv-tree-toggle"+(s?" is-open":""),testid:"layer-toggle",attrs:{type:"button","aria-label":s?"Collapse":"Expand","aria-expanded":String(s)},on:{click:m=>{m.stopPropagation(),this.expanded.has(r.key)?this.expanded.delete(r.key):this.expanded.add(r.key),this.renderBody()}}},F("chevron",14)):l("span",{class:"mv-tree-spacer"}),a=r.name===""&&r.parent===null,d=a?this.structure?.model_type??"model":this.flat?r.name:it(r.name,e.parent?.row.name),p=l("td",{class:"mv-name-cell",title:a?"The whole model":r.name},l("div",{class:"mv-name",style:{paddingLeft:`${this.flat?0:e.depth*16}px`}},o,l("span",{class:"mv-name-text"+(a?" is-root":"")},d),r.calls>1?l("span",{class:"mv-badge",title:`This module runs ${r.calls} times per forward pass`},`call ${r.call+1}/${r.calls}`):null,r.calls===0?l("span",{class:"mv-badge is-muted",title:"Registered but never called in the recorded forward pass"},"not run"):null,r.node!==null?l("button",{class:"mv-row-action",testid:"open-activations",title:"Show this layer's activations",attrs:{type:"button","aria-label":"Show activations"},on:{click:m=>{m.stopPropagation(),this.handlers.onOpenActivations(r.key)}}},F("activations",13)):null,r.node!==null?Q(r.key,void 0,!0):null)),u=Ke.map(m=>{let h=m.cell(e,this.step);return l("td",{class:(m.numeric?"is-numeric":"")+(h.muted?" is-muted":"")+(h.warn?" is-warn":""),title:h.title},h.text)});return l("tr",{testid:"layer-row",class:(r.key===this.selected?"is-selected":"")+(t?"":" is-context")+(r.calls===0?" is-not-run":""),dataset:{key:r.key,depth:String(e.depth)},on:{click:()=>this.handlers.onSelect(r.key),dblclick:()=>{r.node!==null&&this.handlers.onOpenActivations(r.key)}}},p,...u)}renderFoot(){let e=this.structure;if(!e)return;let t=e.totals,r=Ke.map(s=>{if(s.id==="type")return l("td",{class:"is-muted"},`${I(t.module_calls)} module calls`);if(!s.total)return l("td");let o=s.total(t);return l("td",{class:"is-numeric",title:o.title,dataset:{total:s.id,exact:String(o.exact)}},o.text)}),n=Object.entries(t.param_bytes??{}).map(([s,o])=>`${W(o)} ${s}`).join(", ");x(this.foot,l("tr",{testid:"totals-row"},l("td",{title:n?`Parameter memory: ${n}; buffers ${W(t.buffer_bytes)}`:void 0},"Total"),...r))}downloadCsv(){if(!this.structure||!this.tree)return;let e=Li(this.tree.ordered.map(t=>t.row),this.structure.totals,this.step);Re(new Blob([e],{type:"text/csv;charset=utf-8"}),`${this.structure.model_type||"model"}-layers.csv`)}};var O=26,Xn=12,lr=3,dr=26,Ot=14,Ni='11px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',Yn='10.5px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',Rt=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"stage");c(this,"view");c(this,"spacer");c(this,"cells",null);c(this,"rowHeightChoice",Ot);c(this,"painting",!1);c(this,"base");c(this,"marks");c(this,"tooltip");c(this,"data",null);c(this,"geometry",null);c(this,"selectedLayer",null);c(this,"currentStep",null);c(this,"hover",null);c(this,"resizeObserver");c(this,"lastSize","");this.base=l("canvas",{class:"mv-matrix-canvas"}),this.marks=l("canvas",{class:"mv-matrix-canvas mv-matrix-marks",testid:"heatmap-canvas",on:{mousemove:t=>this.onMove(t),mouseleave:()=>this.setHover(null),click:t=>this.onClick(t)}}),this.tooltip=l("div",{class:"mv-matrix-tooltip",testid:"heatmap-readout",attrs:{role:"status"}}),this.tooltip.hidden=!0,this.view=l("div",{class:"mv-matrix-view"},this.base,this.marks),this.spacer=l("div",{class:"mv-matrix-spacer"}),this.stage=l("div",{class:"mv-matrix-stage"},this.view,this.spacer,this.tooltip),this.element=l("div",{class:"mv-matrix mv-scroll-visible",testid:"heatmap",on:{scroll:()=>this.schedulePaint()}},this.stage),this.resizeObserver=new ResizeObserver(()=>{`${this.element.clientWidth}x${this.element.clientHeight}`!==this.lastSize&&this.data&&this.draw()}),this.resizeObserver.observe(this.element)}setData(e){this.data=e,this.cells=null,this.hover=null,this.tooltip.hidden=!0,this.draw()}setRowHeight(e){this.rowHeightChoice=e==="fit"?"fit":Math.max(lr,Math.min(dr,e)),this.draw()}rowHeight(){return this.geometry?.rowHeight??(this.rowHeightChoice==="fit"?lr:this.rowHeightChoice)}reveal(e){let t=this.geometry,r=this.data?.layers.findIndex(o=>o.key===e)??-1;if(!t||r<0)return;let n=r*t.rowHeight,s=this.element.clientHeight-t.top;(n<this.element.scrollTop||n+t.rowHeight>this.element.scrollTop+s)&&(this.element.scrollTop=Math.max(0,n-s/2))}setSelection(e,t){this.selectedLayer=e,this.currentStep=t,this.drawMarks()}redraw(){this.draw()}draw(){let e=this.data,t=this.element.clientWidth,r=this.element.clientHeight;if(this.lastSize=`${t}x${r}`,!e||t<=0||r<=0||e.layers.length===0||e.steps.length===0){this.geometry=null,this.spacer.style.height="0px",$t(this.base,0,0),$t(this.marks,0,0);return}let n=e.layers.length,s=e.steps.length,o=Math.max(lr,Math.min(dr,(r-O-4)/n)),a=this.rowHeightChoice==="fit"?o:Math.max(this.rowHeightChoice,Math.min(o,dr)),d=Math.ceil(O+n*a+4),p=Math.min(d,r),u=Math.min(280,Math.max(120,Math.round(t*.28))),m=Math.max(1,(t-u-Xn)/s);this.geometry={left:u,top:O,colWidth:m,rowHeight:a,rows:n,cols:s,width:t,height:p,contentHeight:d},this.view.style.height=`${p}px`,this.spacer.style.height=`${d-p}px`,this.element.classList.toggle("is-scrolling",d>r),this.cells||(this.cells=Zn(e)),this.paint()}schedulePaint(){this.painting||(this.painting=!0,requestAnimationFrame(()=>{this.painting=!1,this.paint()}))}paint(){let e=performance.now(),t=this.data,r=this.geometry;if(!t||!r)return;let{left:n,colWidth:s,rowHeight:o,rows:a,cols:d,width:p,height:u}=r,m=this.offset(),h=$t(this.base,p,u);if(!h)return;let g=Ai(this.element);h.clearRect(0,0,p,u);let f=Math.max(0,Math.floor(m/o)),v=Math.min(a,Math.ceil((m+u-O)/o));h.save(),h.beginPath(),h.rect(0,O,p,u-O),h.clip();let y=O-m;if(this.cells&&v>f&&(h.fillStyle=g.empty,h.fillRect(n,y+f*o,s*d,(v-f)*o),h.imageSmoothingEnabled=!1,h.drawImage(this.cells,0,f,d,v-f,n,y+f*o,s*d,(v-f)*o)),h.fillStyle=g.background,o>=8)for(let k=Math.max(f,1);k<v;k++)h.fillRect(n,y+k*o,s*d,1);if(s>=8)for(let k=1;k<d;k++)h.fillRect(n+k*s,O,1,Math.min(a*o-m,u-O));h.font=Ni,h.textBaseline="middle";let b=Math.max(1,Math.ceil(11/o));h.fillStyle=g.text;for(let k=f-f%b;k<v;k+=b){let E=t.layers[k],$=Math.min(E.depth??0,6)*8,_=Ci(h,cr(E),n-10-$);h.fillText(_,4+$,y+(k+.5)*o)}h.restore(),h.font=Yn,h.fillStyle=g.muted,h.textBaseline="alphabetic";let L=Math.max(1,Math.ceil(70/s));for(let k=0;k<d;k+=L){let E=n+(k+.5)*s;h.textAlign=k===0?"left":"center",h.fillText(String(t.steps[k]),k===0?n:E,O-9),h.fillRect(Math.round(E),O-5,1,4)}h.textAlign="left",this.element.dataset.renderMs=(performance.now()-e).toFixed(2),this.element.dataset.geometry=JSON.stringify({left:n,top:O,colWidth:s,rowHeight:o,rows:a,cols:d,offset:m}),this.drawMarks()}offset(){let e=this.geometry;return e?Math.max(0,Math.min(this.element.scrollTop,e.contentHeight-e.height)):0}drawMarks(){let e=this.geometry,t=this.data;if(!e||!t)return;let{left:r,colWidth:n,rowHeight:s,rows:o,cols:a,width:d,height:p}=e,u=$t(this.marks,d,p);if(!u)return;let m=Ai(this.element);u.clearRect(0,0,d,p);let h=this.offset(),g=O-h,f=Math.min(o*s-h,p-O),v=this.currentStep===null?-1:t.steps.indexOf(this.currentStep);if(v>=0){let b=r+v*n;u.strokeStyle=m.accent,u.lineWidth=1.5,u.strokeRect(b+.5,O-.5,Math.max(n-1,1),f+1),u.fillStyle=m.accent,u.beginPath(),u.moveTo(b+n/2-5,O-8),u.lineTo(b+n/2+5,O-8),u.lineTo(b+n/2,O-2),u.fill()}let y=this.selectedLayer===null?-1:t.layers.findIndex(b=>b.key===this.selectedLayer);if(u.save(),u.beginPath(),u.rect(0,O-1,d,p-O+1),u.clip(),y>=0){let b=g+y*s;if(u.fillStyle=m.selectBand,u.fillRect(0,b,r-2,s),u.strokeStyle=m.accent,u.lineWidth=1.5,u.strokeRect(r-.5,b-.5,a*n+1,s+1),s<10){u.font=Ni,u.textBaseline="middle";let L=Ci(u,cr(t.layers[y]),r-10),k=u.measureText(L).width,E=Math.min(Math.max(b+s/2,O+7),O+f-7);u.fillStyle=m.background,u.fillRect(2,E-7,k+6,14),u.fillStyle=m.accent,u.fillText(L,5,E)}}this.hover&&(u.strokeStyle=m.text,u.lineWidth=1,u.strokeRect(r+this.hover.col*n+.5,g+this.hover.row*s+.5,Math.max(n-1,1),Math.max(s-1,1))),u.restore()}cellAt(e){let t=this.geometry;if(!t)return null;let r=this.marks.getBoundingClientRect(),n=e.clientX-r.left,s=e.clientY-r.top,o=Math.floor((n-t.left)/t.colWidth);if(s<t.top)return null;let a=Math.floor((s-t.top+this.offset())/t.rowHeight);if(n<t.left&&a>=0&&a<t.rows){let d=this.data&&this.currentStep!==null?this.data.steps.indexOf(this.currentStep):-1;return{row:a,col:d>=0?d:t.cols-1}}return o<0||o>=t.cols||a<0||a>=t.rows?null:{row:a,col:o}}onMove(e){this.setHover(this.cellAt(e),e)}setHover(e,t){let r=e&&this.hover&&e.row===this.hover.row&&e.col===this.hover.col;this.hover=e,r||this.drawMarks();let n=this.data;if(!e||!n||!t){this.tooltip.hidden=!0;return}let s=n.layers[e.row],o=n.values[e.row][e.col];this.tooltip.replaceChildren(l("div",{class:"mv-mono mv-matrix-tooltip-name"},cr(s)),l("div",{class:"mv-muted"},`${s.type??"?"} · step ${n.steps[e.col]}`),l("div",{class:"mv-matrix-tooltip-value"},o===null?"no value":n.format(o))),this.tooltip.hidden=!1;let a=this.stage.getBoundingClientRect(),d=t.clientX-a.left,p=t.clientY-a.top,u=d>a.width-220;this.tooltip.style.left=u?"":`${d+14}px`,this.tooltip.style.right=u?`${a.width-d+14}px`:"",this.tooltip.style.top=`${p+14}px`}onClick(e){let t=this.cellAt(e);!t||!this.data||this.handlers.onPick(this.data.layers[t.row].key,this.data.steps[t.col])}};function Zn(i){let e=i.layers.length,t=i.steps.length,r=document.createElement("canvas");r.width=t,r.height=e;let n=r.getContext("2d");if(!n)return r;let s=n.createImageData(t,e),o=s.data,a=ae(i.scale.colormap),d=[1,3,5].map(p=>parseInt(We.slice(p,p+2),16));for(let p=0;p<e;p++){let u=i.values[p];for(let m=0;m<t;m++){let h=u[m];if(h==null||!Number.isFinite(h))continue;let g=i.scale.position(h),f=(p*t+m)*4;if(Number.isNaN(g))[o[f],o[f+1],o[f+2]]=d;else{let v=Math.round(g*255)*3;o[f]=a[v],o[f+1]=a[v+1],o[f+2]=a[v+2]}o[f+3]=255}}return n.putImageData(s,0,0),r}function cr(i){return U(i)}function $t(i,e,t){let r=window.devicePixelRatio||1;i.width=Math.max(1,Math.round(e*r)),i.height=Math.max(1,Math.round(t*r)),i.style.width=`${e}px`,i.style.height=`${t}px`;let n=i.getContext("2d");return n?.setTransform(r,0,0,r,0,0),n}function Ci(i,e,t){if(i.measureText(e).width<=t)return e;let r=0,n=e.length;for(;r<n;){let s=Math.ceil((r+n)/2);i.measureText("…"+e.slice(e.length-s)).width<=t?r=s:n=s-1}return"…"+e.slice(e.length-r)}function Ai(i){let e=getComputedStyle(i),t=(r,n)=>e.getPropertyValue(r).trim()||n;return{background:t("--mv-bg","#ffffff"),empty:t("--mv-panel-2","#eef0f3"),text:t("--mv-text","#1f2328"),muted:t("--mv-muted","#667085"),accent:t("--mv-accent","#f57c00"),selectBand:t("--mv-select","rgba(245, 124, 0, 0.16)")}}var Dt="group:";function Ht(i,e){if(e==="none"||i==="")return null;let t=i.split(".");if(e==="top")return t.length>1?t[0]:null;let r=t.findIndex(n=>/^\d+$/.test(n));return r<0?null:t.slice(0,r+1).join(".")}function Jn(i,e){let t=e.trim().toLowerCase();return t?i.name.toLowerCase().includes(t)||(i.type??"").toLowerCase().includes(t):!0}function Qn(i,e){let t=new Array(e).fill(null);for(let r of i)for(let n=0;n<e;n++){let s=r[n];if(s==null||!Number.isFinite(s))continue;let o=t[n];(o===null||Math.abs(s)>Math.abs(o))&&(t[n]=s)}return t}function $i(i,e,t,r,n,s){let o=i.map((u,m)=>({layer:u,values:e[m]})).filter(u=>Jn(u.layer,r)),a=new Map;for(let u of o){let m=Ht(u.layer.name,n);if(m===null)continue;let h=a.get(m);h||a.set(m,h=[]),h.push(u)}let d=[],p=new Set;for(let u of o){let m=Ht(u.layer.name,n),h=m===null?void 0:a.get(m);if(!h||h.length<2){d.push(u);continue}if(p.has(m)){s.has(m)&&d.push(u);continue}p.add(m);let g=s.has(m),f=Math.min(...h.map(v=>v.layer.depth??0));d.push({layer:{key:Dt+m,name:`${g?"▾":"▸"} ${m} · ${h.length} layers`,type:"group",depth:Math.max(0,f-1)},values:Qn(h.map(v=>v.values),t),group:{prefix:m,members:h.map(v=>v.layer.key),open:g}}),g&&d.push(u)}return d}var es="http://www.w3.org/2000/svg",It=360,Ce=150,te={left:44,right:10,top:6,bottom:18},Ri=46,ts=40;function qe(i,e,t){let r=document.createElementNS(es,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function rs(i,e,t=ts){if(i<=t)return Array.from({length:i},(n,s)=>s);let r=new Set;for(let n=0;n<t;n++)r.add(Math.round(n*(i-1)/(t-1)));return e>=0&&r.add(e),[...r].sort((n,s)=>n-s)}function is(i){let e=i.counts.reduce((r,n)=>r+n,0),t=((i.hi??0)-(i.lo??0))/i.counts.length;return e===0?i.counts.map(()=>0):i.counts.map(r=>t>0?r/e/t:r/e)}function _t(i){let{steps:e,histograms:t}=i,r=l("div",{class:"mv-trend mv-distribution",testid:i.testid??"distribution-chart",dataset:{title:i.title}},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label mv-mono"},i.title))),n=qe("svg",{viewBox:`0 0 ${It} ${Ce}`,class:"mv-chart mv-distribution-svg",role:"img","aria-label":`Distribution of ${i.title} over steps`});r.appendChild(n);let s=b=>!!b&&b.lo!==null&&b.hi!==null&&Array.isArray(b.counts)&&b.counts.length>0,o=i.currentStep===null?-1:e.indexOf(i.currentStep),a=rs(e.length,o).filter(b=>s(t[b]));if(a.length===0)return qe("text",{x:It/2,y:Ce/2,"text-anchor":"middle",class:"mv-axis-label"},n).textContent="no histogram stored",r.classList.add("is-empty"),r;let d=1/0,p=-1/0,u=new Map;for(let b of a){let L=t[b];d=Math.min(d,L.lo),p=Math.max(p,L.hi);let k=is(L);u.set(b,k)}p<=d&&(d-=.5,p+=.5);let m=It-te.left-te.right,h=b=>te.left+(b-d)/(p-d)*m,g=te.top+Ri,f=Ce-te.bottom,v=a.length>1?(f-g)/(a.length-1):0;a.forEach((b,L)=>{let k=t[b],E=u.get(b),$=a.length>1?g+L*v:f,_=E.length,T=(k.hi-k.lo)/_,z=Math.max(...E),P=[`M${h(k.lo).toFixed(1)},${$.toFixed(1)}`];for(let w=0;w<_;w++){let D=z>0?E[w]/z*Ri:0,pe=T>0?k.lo+(w+.5)*T:k.lo;P.push(`L${h(pe).toFixed(1)},${($-D).toFixed(1)}`)}P.push(`L${h(k.hi).toFixed(1)},${$.toFixed(1)}Z`);let re=a.length>1?L/(a.length-1):1;qe("path",{d:P.join(""),class:"mv-ridge"+(b===o?" is-current":""),"fill-opacity":(.25+.6*re).toFixed(2),"data-step":e[b]},n)});let y=(b,L,k,E)=>{qe("text",{x:b,y:L,"text-anchor":E,class:"mv-axis-label"},n).textContent=k};return y(te.left,Ce-4,S(d),"start"),y(It-te.right,Ce-4,S(p),"end"),d<0&&p>0&&(qe("line",{x1:h(0),x2:h(0),y1:te.top,y2:f,class:"mv-ridge-zero"},n),y(h(0),Ce-4,"0","middle")),y(te.left-6,g,`step ${e[a[0]]}`,"end"),a.length>1&&y(te.left-6,f,`${e[a[a.length-1]]}`,"end"),r}var ns="http://www.w3.org/2000/svg",xe=360,Xe=118,C={left:62,right:10,top:8,bottom:20};function K(i,e,t){let r=document.createElementNS(ns,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function Ae(i,e,t,r,n){K("text",{x:e,y:t,"text-anchor":n,class:"mv-axis-label"},i).textContent=r}function Oi(i){let e=ce(i.statistic),{steps:t,values:r}=i,n=w=>ye(i.statistic,w),s=i.currentStep===null?-1:t.indexOf(i.currentStep),o=l("span",{class:"mv-trend-value mv-mono"},s>=0?n(r[s]):""),a=l("div",{class:"mv-trend"+(i.highlighted?" is-highlighted":""),testid:"trend-chart",dataset:{statistic:i.statistic},title:i.description},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label"},e.label),o)),d=K("svg",{viewBox:`0 0 ${xe} ${Xe}`,class:"mv-chart mv-trend-svg",role:"img","aria-label":`${e.label} over steps`});a.appendChild(d);let p=i.others??[],u=w=>w!==null&&Number.isFinite(w),m=[...r,...p.flatMap(w=>w.values)].filter(u);if(m.length===0)return Ae(d,xe/2,Xe/2,"not recorded for this layer","middle"),a.classList.add("is-empty"),a;let h=Ne(e.kind,m,e.preferLog),g=h.kind==="log",f=h.kind==="diverging"?Math.min(...m):h.lo,v=h.kind==="diverging"?Math.max(...m):h.hi;if(!g&&v-f<=0){let w=Math.abs(v)*.5||1;f=e.kind==="signed"?f-w:Math.max(0,f-w),v=v+w}let y=xe-C.left-C.right,b=Xe-C.top-C.bottom,L=[...t,...p.flatMap(w=>w.steps)],k=Math.min(...L),E=Math.max(...L),$=w=>C.left+(E===k?y/2:(w-k)/(E-k)*y),_=w=>{let D=g?w<=0?0:(Math.log10(w)-Math.log10(f))/(Math.log10(v)-Math.log10(f)||1):(w-f)/(v-f);return C.top+b-Math.max(0,Math.min(1,D))*b};K("line",{x1:C.left,x2:xe-C.right,y1:C.top+b+.5,y2:C.top+b+.5,class:"mv-axis"},d),!g&&f<0&&v>0&&K("line",{x1:C.left,x2:xe-C.right,y1:_(0),y2:_(0),class:"mv-zero-line"},d),Ae(d,C.left-5,C.top+8,n(v),"end"),Ae(d,C.left-5,C.top+b,n(f),"end"),g&&Ae(d,C.left-5,C.top+b/2+4,"log","end"),Ae(d,C.left,Xe-5,`step ${k}`,"start"),Ae(d,xe-C.right,Xe-5,`step ${E}`,"end");for(let w of i.inputChangeSteps??[])K("line",{x1:$(w),x2:$(w),y1:C.top+b-5,y2:C.top+b+4,class:"mv-trend-input-change"},d);for(let w of i.alertSteps)K("line",{x1:$(w),x2:$(w),y1:C.top,y2:C.top+b,class:"mv-trend-alert"},d);let T=(w,D)=>{let pe="",he=!1;return D.forEach((oe,Pi)=>{if(oe===null||!Number.isFinite(oe)){he=!1;return}pe+=`${he?"L":"M"}${$(w[Pi]).toFixed(1)},${_(oe).toFixed(1)}`,he=!0}),pe};for(let w of p)K("path",{d:T(w.steps,w.values),class:"mv-trend-other",stroke:w.colour,"data-run":w.run},d);if(K("path",{d:T(t,r),class:"mv-trend-line"},d),t.length<=40&&r.forEach((w,D)=>{w!==null&&Number.isFinite(w)&&K("circle",{cx:$(t[D]),cy:_(w),r:1.8,class:"mv-trend-point"},d)}),s>=0){let w=$(t[s]);K("line",{x1:w,x2:w,y1:C.top,y2:C.top+b,class:"mv-cursor"},d);let D=r[s];D!==null&&Number.isFinite(D)&&K("circle",{cx:w,cy:_(D),r:3.5,class:"mv-cursor-dot"},d)}let z=K("line",{x1:0,x2:0,y1:C.top,y2:C.top+b,class:"mv-trend-guide",visibility:"hidden"},d),P=w=>{let D=d.getBoundingClientRect(),pe=(w.clientX-D.left)/D.width*xe,he=0;for(let oe=1;oe<t.length;oe++)Math.abs($(t[oe])-pe)<Math.abs($(t[he])-pe)&&(he=oe);return he},re=o.textContent??"";return d.addEventListener("mousemove",w=>{let D=P(w);z.setAttribute("x1",String($(t[D]))),z.setAttribute("x2",String($(t[D]))),z.setAttribute("visibility","visible"),o.textContent=`step ${t[D]}: ${n(r[D])}`}),d.addEventListener("mouseleave",()=>{z.setAttribute("visibility","hidden"),o.textContent=re}),d.addEventListener("click",w=>i.onPick(t[P(w)])),a}var ss=["activation_mean","activation_std","activation_absmax","activation_zeros","activation_nonfinite","param_norm","grad_norm","update_ratio"],os=["activation_saturated","param_nonfinite","grad_nonfinite"],$e="activation_std",Hi=["#2ca02c","#9467bd","#d62728","#17becf","#8c564b","#e377c2","#bcbd22","#7f7f7f"],as=150,Pt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"statisticSelect");c(this,"hideEmpty");c(this,"legendSlot");c(this,"matrixArea");c(this,"matrixMessage");c(this,"side");c(this,"distributions",l("section",{class:"mv-distributions"}));c(this,"overlaidRuns",new Set);c(this,"heatmap");c(this,"filterInput");c(this,"groupSelect");c(this,"countLabel");c(this,"openGroups",new Set);c(this,"zoom",Ot);c(this,"groupChosen",!1);c(this,"revealedGroup",null);c(this,"layerShownInMatrix",null);c(this,"context",null);c(this,"statistic",$e);c(this,"alerts",[]);c(this,"visible",!1);c(this,"matrix",null);c(this,"matrixRun","");c(this,"matrixFor","");c(this,"trendsFor","");c(this,"generation",0);this.statisticSelect=l("select",{testid:"heatmap-statistic",attrs:{"aria-label":"Statistic of the heatmap"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de.map(s=>l("option",{attrs:{value:s.name}},s.label))),this.hideEmpty=l("input",{testid:"heatmap-hide-empty",attrs:{type:"checkbox",checked:!0},on:{change:()=>this.showMatrix()}}),this.legendSlot=l("div",{class:"mv-legend-slot"}),this.heatmap=new Rt({onPick:(s,o)=>this.pick(s,o)}),this.filterInput=l("input",{class:"mv-search mv-trends-filter",testid:"heatmap-filter",attrs:{type:"search",placeholder:"Filter layers by name or type","aria-label":"Filter the heatmap's layers"},on:{input:()=>this.showMatrix()}}),this.groupSelect=l("select",{testid:"heatmap-group",attrs:{"aria-label":"Group the heatmap's rows"},on:{change:()=>{this.groupChosen=!0,this.showMatrix()}}},l("option",{attrs:{value:"none"}},"every layer"),l("option",{attrs:{value:"block"}},"numbered blocks (h.0, h.1, …)"),l("option",{attrs:{value:"top"}},"top-level modules")),this.countLabel=l("span",{class:"mv-muted mv-trends-count",testid:"heatmap-count"});let r=(s,o,a,d)=>l("button",{class:"mv-button",title:o,testid:a,attrs:{type:"button"},on:{click:d}},s);this.matrixMessage=l("div",{class:"mv-muted mv-matrix-message",testid:"heatmap-message"});let n=l("div",{class:"mv-trends-tools"},this.filterInput,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Group"),this.groupSelect),l("span",{class:"mv-trends-zoom"},r("−","Thinner rows (more of them on screen)","heatmap-zoom-out",()=>this.setZoom(-1)),r("+","Taller rows","heatmap-zoom-in",()=>this.setZoom(1)),r("Fit","Every row on screen at once","heatmap-zoom-fit",()=>this.setZoom(0))),this.countLabel);this.matrixArea=l("div",{class:"mv-trends-matrix"},n,this.heatmap.element,this.matrixMessage),this.side=l("aside",{class:"mv-trends-side",testid:"trends-panel"}),this.element=l("section",{class:"mv-view mv-trends"},l("div",{class:"mv-view-bar"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Heatmap of"),this.statisticSelect),l("label",{class:"mv-check",title:"Leave out layers that have no value of this statistic (e.g. weight norms of a ReLU)"},this.hideEmpty,"only layers with values"),this.legendSlot,l("span",{class:"mv-spacer"}),l("span",{class:"mv-muted mv-hint"},"Click a cell to open that layer at that step")),l("div",{class:"mv-trends-body"},this.matrixArea,this.side))}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de.some(t=>t.name===e)?e:$e,this.statisticSelect.value=this.statistic,this.trendsFor="",this.refresh()}setAlerts(e){this.alerts=e,this.trendsFor="",this.refresh()}setVisible(e){this.visible=e,e&&(this.refresh(),this.heatmap.redraw())}invalidate(){this.matrixFor="",this.trendsFor=""}redraw(){this.visible&&this.heatmap.redraw()}refresh(){let e=this.context;if(!this.visible||!e)return;let t=[e.run,e.tag,this.statistic].join("\0");t!==this.matrixFor&&(this.matrixFor=t,this.loadMatrix(e,this.statistic,t)),this.heatmap.setSelection(this.shownLayer(),e.step),this.matrix&&this.shownLayer()!==this.layerShownInMatrix&&this.showMatrix();let r=this.shownLayer(),n=[e.run,e.tag,e.step,r].join("\0");n!==this.trendsFor&&(this.trendsFor=n,this.loadTrends(e,r))}shownLayer(){let e=this.context;if(e?.layer)return e.layer;if(this.alerts.length)return this.alerts[0].layer;let t=this.matrix;if(!t||!e||this.matrixRun!==Ii(e))return null;let r=t.layers.findIndex((n,s)=>n.depth!==0&&t.values[s].some(o=>o!==null));return r>=0?t.layers[r].key:null}async loadMatrix(e,t,r){let n=++this.generation;this.showMatrixMessage(this.matrix?null:"Reading every logged step…");try{let s=await this.store.statMatrix(e.run,e.tag,t);if(r!==this.matrixFor||n!==this.generation)return;this.matrix=s,this.matrixRun=Ii(e),this.showMatrix(),this.trendsFor="",this.refresh()}catch(s){if(r!==this.matrixFor)return;this.matrix=null,this.heatmap.setData(null),x(this.legendSlot),this.showMatrixMessage(s.message,!0)}}showMatrix(){let e=this.matrix;if(!e)return;let t=e.layers.map((h,g)=>g).filter(h=>!this.hideEmpty.checked||e.values[h].some(g=>g!==null));this.groupChosen||(this.groupSelect.value=t.length>as?"block":"none");let r=e.layers.find(h=>h.key===this.shownLayer()),n=r?Ht(r.name,this.groupSelect.value):null;n!==null&&n!==this.revealedGroup&&(this.openGroups.add(n),this.revealedGroup=n);let s=ce(e.statistic),o=Ne(s.kind,t.flatMap(h=>e.values[h]),s.preferLog),a=$i(t.map(h=>e.layers[h]),t.map(h=>e.values[h]),e.steps.length,this.filterInput.value,this.groupSelect.value,this.openGroups),d=a.filter(h=>h.group).length;this.countLabel.textContent=`${a.length.toLocaleString("en-US")} rows`+(d?` (${d} groups)`:"")+` of ${t.length.toLocaleString("en-US")} layers`;let p=h=>ye(e.statistic,h);if(x(this.legendSlot,se(o,{format:h=>p(h),missing:"no value",testid:"heatmap-legend"})),a.length===0){this.heatmap.setData(null),this.showMatrixMessage(t.length===0?`No layer has a value of “${s.label}” at any step.`:`No layer matches “${this.filterInput.value.trim()}”.`);return}let u=e.unreadable.length?` ${e.unreadable.length} damaged step(s) left out.`:"";this.showMatrixMessage(u?u.trim():null),this.heatmap.setData({steps:e.steps,layers:a.map(h=>h.layer),values:a.map(h=>h.values),scale:o,format:p});let m=this.shownLayer();this.layerShownInMatrix=m,m&&this.heatmap.reveal(m),this.element.dataset.statistic=e.statistic}pick(e,t){if(e.startsWith(Dt)){let r=e.slice(Dt.length);this.openGroups.has(r)?this.openGroups.delete(r):this.openGroups.add(r),this.showMatrix();return}this.handlers.onPick(e,t)}setZoom(e){let t=[3,5,8,11,Ot,18,24];if(e===0)this.zoom="fit";else{let r=this.heatmap.rowHeight(),n=e>0?t.find(s=>s>r+.5):[...t].reverse().find(s=>s<r-.5);this.zoom=n??(e>0?t[t.length-1]:t[0])}this.heatmap.setRowHeight(this.zoom)}showMatrixMessage(e,t=!1){this.matrixMessage.hidden=e===null,this.matrixMessage.classList.toggle("mv-error-text",t),this.matrixMessage.textContent=e??""}async loadTrends(e,t){if(t===null){x(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Pick a layer in the heatmap to see its statistics over training."));return}let r=this.trendsFor;this.side.querySelector(".mv-trend")||x(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Loading…"));try{let n=e.otherRuns.filter(a=>this.overlaidRuns.has(a)),[s,...o]=await Promise.all([this.store.layerTrends(e.run,e.tag,t),...n.map(a=>this.store.layerTrends(a,e.tag,t).then(d=>({run:a,trends:d}),d=>({run:a,error:d.message})))]);if(r!==this.trendsFor)return;this.renderTrends(s,e.step,o)}catch(n){if(r!==this.trendsFor)return;x(this.side,l("p",{class:"mv-error-text mv-trends-empty"},n.message))}}runChooser(e){let t=this.context?.otherRuns??[];if(t.length===0)return null;let r=e.filter(n=>"error"in n);return l("div",{class:"mv-trends-runs",testid:"trends-runs"},l("span",{class:"mv-field-label"},"Overlay runs"),l("span",{class:"mv-run-chip is-own"},l("span",{class:"mv-run-swatch is-own"}),this.context?.run??""),...t.map(n=>l("label",{class:"mv-run-chip"},l("input",{attrs:{type:"checkbox",checked:this.overlaidRuns.has(n),"data-run":n},on:{change:s=>{s.target.checked?this.overlaidRuns.add(n):this.overlaidRuns.delete(n),this.trendsFor="",this.refresh()}}}),l("span",{class:"mv-run-swatch",style:{background:Di(t,n)}}),n)),...r.map(n=>l("p",{class:"mv-muted mv-block",testid:"trends-run-missing"},`${n.run}: ${n.error}`)))}renderTrends(e,t,r=[]){let n=this.context?.otherRuns??[],s=h=>r.flatMap(g=>"trends"in g?[{run:g.run,steps:g.trends.steps,values:g.trends.statistics[h]??g.trends.steps.map(()=>null),colour:Di(n,g.run)}]:[]),o=e.layer,a=ds(e),d=this.alerts.filter(h=>h.layer===o.key),p=h=>(e.statistics[h]??[]).some(g=>g!==null&&g!==0),u=[...ss,...os.filter(p)],m=[this.statistic,...u.filter(h=>h!==this.statistic)];x(this.side,l("div",{class:"mv-trends-head"},l("h2",{class:"mv-mono",testid:"trends-layer-name",title:U(o)},U(o)),l("span",{class:"mv-type-chip"},o.type??"?"),l("span",{class:"mv-spacer"}),Q(o.key,"trends")),...d.map(h=>l("div",{class:"mv-trends-alert",testid:"trends-alert"},l("span",{class:"mv-alert-kind",dataset:{kind:h.kind}},Me(h.kind)),h.message)),a.distinct>1?cs(a):null,this.runChooser(r),l("div",{class:"mv-trend-grid"},...m.map(h=>Oi({statistic:h,description:e.descriptions[h]??"",steps:e.steps,values:e.statistics[h]??e.steps.map(()=>null),currentStep:t,alertSteps:d.filter(g=>g.statistic===h).map(g=>g.step),inputChangeSteps:a.ticked?a.steps:[],highlighted:h===this.statistic,others:s(h),onPick:g=>this.handlers.onStep(g)}))),l("p",{class:"mv-muted mv-trends-note"},"Weight and gradient norms combine the layer's own parameters; the update ratio is ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous logged step."),this.distributions),this.loadDistributions(o.key,t,this.trendsFor)}async loadDistributions(e,t,r){let n=this.context;if(n){x(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("p",{class:"mv-muted"},"Loading histograms…"));try{let s=await this.store.histograms(n.run,n.tag,e);if(r!==this.trendsFor)return;let o=[_t({title:"output",testid:"distribution-chart",steps:s.steps,histograms:s.activation,currentStep:t}),...Object.entries(s.params).map(([a,d])=>_t({title:a,steps:s.steps,histograms:d,currentStep:t})),...Object.entries(s.grads).map(([a,d])=>_t({title:`${a} gradient`,steps:s.steps,histograms:d,currentStep:t}))];x(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("div",{class:"mv-trend-grid",testid:"distributions"},...o),l("p",{class:"mv-muted mv-trends-note"},"One ridge per logged step, the earliest at the back; each is the step's stored histogram (32 bins) as a density. The current step is outlined."))}catch(s){if(r!==this.trendsFor)return;x(this.distributions,l("p",{class:"mv-error-text"},`Could not read the histograms: ${s.message}`))}}}};function Di(i,e){return Hi[Math.max(0,i.indexOf(e))%Hi.length]}function Ii(i){return i.run+"\0"+i.tag}var ls=12;function ds(i){let e=i.inputs??[],t=e.filter(o=>o!==null),r=i.steps.filter((o,a)=>a>0&&e[a]!=null&&e[a-1]!=null&&e[a]!==e[a-1]),n=new Set(t).size,s=n===t.length;return{distinct:n,steps:r,everyStep:s,ticked:!s&&r.length<=ls}}function cs(i){let e=i.everyStep?"Each logged step ran on different inputs":`The logged steps ran on ${i.distinct} different inputs`,t=i.ticked?" Ticks on the step axis mark where they changed.":"";return l("div",{class:"mv-trends-alert mv-inputs-note",testid:"trends-different-inputs",dataset:{inputs:String(i.distinct)}},l("strong",{},e),l("span",{},` The lines mix how the model changed with how its inputs differ.${t} To follow the model alone, log the same inputs at every step (a fixed probe batch).`))}var ps=900,Gt=class{constructor(e){c(this,"root");c(this,"store",new tt);c(this,"bridge",new Je);c(this,"toolbar");c(this,"main");c(this,"overlay");c(this,"graph");c(this,"layers");c(this,"activations");c(this,"trends");c(this,"compare");c(this,"alertsView");c(this,"alertStrip");c(this,"viewElements");c(this,"selection",{run:null,tag:null,step:null,view:"graph",layer:null,stat:$e,overlay:null,direction:"forward",ref:null});c(this,"alerts",[]);c(this,"alertsFor","");c(this,"alertsShown","");c(this,"requested",{});c(this,"runs",[]);c(this,"structure",null);c(this,"structureRun","");c(this,"stepDoc",null);c(this,"loadGeneration",0);c(this,"loading",!1);c(this,"playing",!1);c(this,"playTimer");c(this,"followLatest",!0);c(this,"urlWrite",null);c(this,"followingUrl",!1);this.root=e,this.toolbar=new nt({onRun:t=>this.chooseRun(t),onTag:t=>this.chooseTag(t),onStep:t=>{this.stopPlaying(),this.chooseStep(t)},onTogglePlay:()=>this.playing?this.stopPlaying():this.startPlaying(),onView:t=>this.showView(t)}),this.graph=new Ct({onSelect:t=>this.selectLayer(t,"graph"),onOpenActivations:t=>this.openActivations(t),renderThumbnail:(t,r)=>this.renderThumbnail(t,r),onOverlay:t=>{this.selection.overlay=t,this.graph.setOverlay(t),this.writeUrl("push")},onDirection:t=>{this.selection.direction=t,this.writeUrl("push")}}),this.layers=new At({onSelect:t=>this.selectLayer(t,"layers"),onOpenActivations:t=>this.openActivations(t)}),this.activations=new lt(this.store,{onSelect:t=>this.selectLayer(t,"activations"),onStep:t=>this.goToStep(t)}),this.trends=new Pt(this.store,{onPick:(t,r)=>{this.selectLayer(t,"trends"),this.goToStep(r)},onStep:t=>this.goToStep(t),onStatistic:t=>this.chooseStatistic(t)}),this.compare=new Et(this.store,{onReference:(t,r)=>{this.selection.ref={run:t,step:r},this.writeUrl("push"),this.updateCompare()},onSelect:t=>this.selectLayer(t,"compare"),onStatistic:t=>this.chooseStatistic(t)}),this.alertsView=new dt({onOpen:t=>this.openAlert(t)}),this.alertStrip=new ct({onOpen:t=>this.openAlert(t),onShowAll:()=>this.showView("alerts")}),this.viewElements={graph:this.graph.element,layers:this.layers.element,activations:this.activations.element,trends:this.trends.element,compare:this.compare.element,alerts:this.alertsView.element},this.overlay=l("div",{class:"mv-overlay",testid:"message"}),this.main=l("main",{class:"mv-main"},...Object.values(this.viewElements),this.overlay),x(this.root,this.toolbar.element,this.alertStrip.element,this.main),this.showView("graph",!1),br(t=>{document.documentElement.classList.toggle("mv-dark",t),this.graph.setDark(t),this.compare.setDark(t),this.trends.redraw()}),this.bridge.onDataReloaded(()=>{this.reload()}),Hr({open:(t,r)=>this.openLayerIn(t,r),href:(t,r)=>Er({...this.urlState(),view:t,layer:r})})}openLayerIn(e,t){this.selectLayer(t,e==="graph"?"layers":e),this.showView(e)}async start(){this.showOverlay(Qe("Loading runs…"));let e=Ut()??ot(await this.bridge.urlData());this.requested={...e,...Wt()},this.requested.view&&this.showView(this.requested.view,!1),this.requested.layer&&(this.selection.layer=this.requested.layer),this.requested.stat&&(this.selection.stat=this.requested.stat),this.trends.setStatistic(this.selection.stat),this.compare.setStatistic(this.selection.stat),this.requested.overlay&&(this.selection.overlay=this.requested.overlay,this.graph.setOverlay(this.requested.overlay)),this.requested.direction&&(this.selection.direction=this.requested.direction,this.graph.setDirection(this.requested.direction)),this.requested.ref_run!==void 0&&this.requested.ref_step!==void 0&&(this.selection.ref={run:this.requested.ref_run,step:this.requested.ref_step}),Nr(t=>this.followUrl(t)),await this.loadRuns()}followUrl(e){this.followingUrl=!0;try{this.stopPlaying(),this.showView(e.view??"graph"),this.chooseStatistic(e.stat??$e),this.selection.overlay=e.overlay??null,this.graph.setOverlay(this.selection.overlay),this.selection.direction=e.direction??"forward",this.graph.setDirection(this.selection.direction),this.selection.ref=e.ref_run!==void 0&&e.ref_step!==void 0?{run:e.ref_run,step:e.ref_step}:null;let t=e.run!==void 0&&e.run!==this.selection.run||e.tag!==void 0&&e.tag!==this.selection.tag;this.selection.layer=e.layer??null,t?(this.selection.run=e.run??this.selection.run,this.selection.tag=e.tag??null,this.selection.step=null,this.followLatest=!0,this.requested=e,this.applyRuns()):e.step!==void 0&&e.step!==this.selection.step&&this.steps().length&&this.goToStep(pr(this.steps(),e.step)),this.selectLayer(this.selection.layer,"url")}finally{this.followingUrl=!1}}async loadRuns(){this.showOverlay(Qe("Loading runs…"));try{this.runs=(await this.store.runs()).runs??[]}catch(e){this.showOverlay(zt("Could not list the runs",e.message,()=>{this.loadRuns()}));return}this.applyRuns()}applyRuns(){let e=this.runs.filter(a=>a.tags.some(d=>d.steps.length>0));if(this.toolbar.setHasData(e.length>0),e.length===0){this.selection.run=this.selection.tag=this.selection.step=null,this.setAlerts(null),this.showOverlay(yr());return}let t=this.requested,r=e.find(a=>a.run===(this.selection.run??t.run))??e[0],n=r.run===this.selection.run?this.selection.tag:t.tag,s=r.tags.find(a=>a.tag===n&&a.steps.length)??r.tags.find(a=>a.steps.length),o;this.selection.step!==null&&r.run===this.selection.run&&s.tag===this.selection.tag&&!this.followLatest?o=pr(s.steps,this.selection.step):this.selection.step===null&&t.step!==void 0?(o=pr(s.steps,t.step),this.followLatest=o===s.steps[s.steps.length-1]):o=s.steps[s.steps.length-1],this.selection.run=r.run,this.selection.tag=s.tag,this.toolbar.setRuns(e,r.run,s.tag),this.toolbar.setSteps(s.steps,o),this.loadStep(o),this.loadAlerts(r.run,s.tag)}steps(){return this.runs.find(t=>t.run===this.selection.run)?.tags.find(t=>t.tag===this.selection.tag)?.steps??[]}chooseRun(e){this.stopPlaying(),this.selection.run=e,this.selection.tag=null,this.selection.step=null,this.followLatest=!0,this.requested={},this.writeUrl("push"),this.applyRuns()}chooseTag(e){this.stopPlaying(),this.selection.tag=e,this.selection.step=null,this.followLatest=!0,this.requested={run:this.selection.run??void 0,tag:e},this.writeUrl("push"),this.applyRuns()}chooseStep(e){let t=this.steps();this.followLatest=e===t[t.length-1],this.loadStep(e)}async reload(){let e;try{e=(await this.store.runs()).runs??[]}catch{return}if(this.store.invalidate(),this.trends.invalidate(),this.compare.invalidate(),this.runs=e,this.alertsFor="",this.playing){let t=this.steps();this.toolbar.setSteps(t,this.selection.step??t[0]);return}this.applyRuns()}async loadStep(e){let t=this.selection.run,r=this.selection.tag;if(t===null||r===null)return;let n=++this.loadGeneration,s={run:t,tag:r,step:e},o=this.stepDoc&&this.selection.step===e&&this.stepDoc.tag===r&&this.structure;this.selection.step=e,this.writeUrl(),this.setLoading(!0),this.structure||this.showOverlay(Qe(`Loading step ${e} of ${t}…`));let a=this.structure&&this.structureRun===t+"\0"+r?this.structure:null,d=a?null:this.store.structure(s,void 0);d?.catch(()=>{});try{let p=await this.store.step(s),u=a&&a.hash===p.structure?a:await(d??this.store.structure(s,p.structure));if(n!==this.loadGeneration)return;if(this.showOverlay(null),o&&p.wall_time===this.stepDoc?.wall_time&&u===this.structure){this.updateTrends(),this.updateCompare();return}this.apply(s,u,p)}catch(p){if(n!==this.loadGeneration||Se(p))return;this.stopPlaying(),this.structure=null,this.stepDoc=null,this.toolbar.setSummary(null),this.showOverlay(zt(`Could not load step ${e} of run “${t}”`,p.message,()=>{this.loadStep(e)}))}finally{n===this.loadGeneration&&this.setLoading(!1)}}apply(e,t,r){let n=t!==this.structure;this.structure=t,this.structureRun=e.run+"\0"+e.tag,this.stepDoc=r,this.toolbar.setStepDetail(r.wall_time??null),n&&(this.toolbar.setSummary(t),this.selection.layer&&!t.layers.some(s=>s.key===this.selection.layer)&&(this.selection.layer=null),this.layers.setStructure(t),this.graph.setStructure(t).then(()=>{this.structure===t&&this.graph.select(this.selection.layer)})),this.layers.setStep(r),this.graph.setStep(r),this.activations.setData(t,r,e),this.layers.select(this.selection.layer),this.activations.setLayer(this.selection.layer),this.updateTrends(),this.updateCompare()}updateTrends(){let{run:e,tag:t,step:r,layer:n}=this.selection;if(e===null||t===null||r===null)return;let s=this.runs.filter(o=>o.run!==e&&o.tags.some(a=>a.tag===t&&a.steps.length)).map(o=>o.run);this.trends.setContext({run:e,tag:t,step:r,layer:n,otherRuns:s})}reference(e,t,r){let n=this.selection.ref;if(n){let a=this.runs.find(p=>p.run===n.run),d=a?.tags.find(p=>p.tag===t)??a?.tags[0];if(d&&d.steps.includes(n.step))return{run:n.run,tag:d.tag,step:n.step}}let s=this.steps();if(s.length===0)return null;let o=s[0]===r&&s.length>1?s[s.length-1]:s[0];return{run:e,tag:t,step:o}}updateCompare(){let{run:e,tag:t,step:r,layer:n}=this.selection;if(e===null||t===null||r===null||!this.structure)return;let s=this.reference(e,t,r);s&&this.compare.setContext({runs:this.runs,a:s,b:{run:e,tag:t,step:r},structure:this.structure,layer:n})}async loadAlerts(e,t){let r=e+"\0"+t;if(r!==this.alertsFor){this.alertsFor=r,r!==this.alertsShown&&(this.setAlerts(null),this.alertsView.showLoading());try{let n=await this.store.alerts(e,t);if(r!==this.alertsFor)return;this.alertsShown=r,this.setAlerts(n.alerts),this.alertsView.setAlerts(n,e)}catch(n){if(r!==this.alertsFor)return;this.alertsFor=this.alertsShown="",this.setAlerts(null),this.alertsView.showError(`Could not check this run for problems: ${n.message}`)}}}setAlerts(e){this.alerts=e??[],this.toolbar.setAlertCount(e===null?null:e.length),this.alertStrip.setAlerts(e),this.graph.setAlerts(this.alerts),this.trends.setAlerts(this.alerts)}openAlert(e){this.writeUrl("push"),this.selectLayer(e.layer,"alerts"),this.chooseStatistic(e.statistic),this.showView("trends"),this.steps().includes(e.step)&&this.goToStep(e.step)}chooseStatistic(e){this.selection.stat=e,this.trends.setStatistic(e),this.compare.setStatistic(e),this.writeUrl("push")}goToStep(e){this.writeUrl("push"),this.stopPlaying(),this.toolbar.setSteps(this.steps(),e),this.chooseStep(e)}setLoading(e){this.loading=e,this.toolbar.setLoading(e)}startPlaying(){let e=this.steps();e.length<2||(this.selection.step===e[e.length-1]&&(this.toolbar.setSteps(e,e[0]),this.loadStep(e[0])),this.playing=!0,this.toolbar.setPlaying(!0),this.scheduleTick())}stopPlaying(){this.playing=!1,window.clearTimeout(this.playTimer),this.toolbar.setPlaying(!1)}scheduleTick(){window.clearTimeout(this.playTimer),this.playTimer=window.setTimeout(()=>this.tick(),ps)}tick(){if(!this.playing)return;if(this.loading){this.scheduleTick();return}let e=this.steps(),t=e.indexOf(this.selection.step??NaN);if(t<0||t>=e.length-1){this.stopPlaying();return}let r=e[t+1];this.toolbar.setSteps(e,r),this.chooseStep(r);let n=e[t+2];n!==void 0&&this.selection.run&&this.selection.tag&&this.store.step({run:this.selection.run,tag:this.selection.tag,step:n}).catch(()=>{}),this.scheduleTick()}showView(e,t=!0){this.selection.view=e,this.toolbar.setView(e);for(let r of jt)this.viewElements[r].hidden=r!==e;this.activations.setVisible(e==="activations"),this.trends.setVisible(e==="trends"),this.compare.setVisible(e==="compare"),t&&this.writeUrl("push")}selectLayer(e,t){this.selection.layer=e,t!=="graph"&&this.graph.select(e),this.layers.select(e),this.activations.setLayer(e),this.updateTrends(),this.updateCompare(),this.writeUrl("push")}openActivations(e){this.selectLayer(e,"layers"),this.showView("activations")}async renderThumbnail(e,t){let{run:r,tag:n,step:s}=this.selection;if(r===null||n===null||s===null)throw new Error("no step is selected");vr(t,await this.store.sample({run:r,tag:n,step:s},e))}writeUrl(e="replace"){let t=this.urlWrite;this.urlWrite=t==="push"||e==="push"&&!this.followingUrl?"push":"replace",t===null&&queueMicrotask(()=>{let r=this.urlWrite??"replace";this.urlWrite=null,$r(this.urlState(),r)})}urlState(){let{run:e,tag:t,step:r,view:n,layer:s,stat:o,overlay:a,direction:d,ref:p}=this.selection;return{run:e??void 0,tag:t??void 0,step:r??void 0,view:n,layer:s??void 0,stat:o===$e?void 0:o,overlay:a??void 0,direction:d==="backward"?d:void 0,ref_run:p?.run,ref_step:p?.step}}showOverlay(e){this.overlay.hidden=e===null,x(this.overlay,e)}};function pr(i,e){let t=i[0];for(let r of i)Math.abs(r-e)<Math.abs(t-e)&&(t=r);return t}var _i=`/* tensorboard_modelviz dashboard. Colours are variables so TensorBoard's dark mode is one class. */

:root {
  --mv-bg: #ffffff;
  --mv-panel: #f6f7f9;
  --mv-panel-2: #eef0f3;
  --mv-border: #e1e4e8;
  --mv-border-strong: #c9ced6;
  --mv-text: #1f2328;
  --mv-muted: #667085;
  --mv-accent: #f57c00;
  --mv-accent-soft: rgba(245, 124, 0, 0.12);
  --mv-select: rgba(245, 124, 0, 0.16);
  --mv-hover: rgba(15, 23, 42, 0.045);
  --mv-link: #1a73e8;
  --mv-warn: #c62828;
  --mv-warn-soft: rgba(198, 40, 40, 0.1);
  --mv-chart: #4c72b0;
  --mv-chart-soft: rgba(76, 114, 176, 0.22);
  --mv-chart-faint: rgba(76, 114, 176, 0.1);
  --mv-shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.08);
  --mv-font: Roboto, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif;
  --mv-mono: "Roboto Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light;
}

:root.mv-dark {
  --mv-bg: #202124;
  --mv-panel: #28292c;
  --mv-panel-2: #303134;
  --mv-border: #3c4043;
  --mv-border-strong: #5f6368;
  --mv-text: #e8eaed;
  --mv-muted: #9aa0a6;
  --mv-accent: #ff9800;
  --mv-accent-soft: rgba(255, 152, 0, 0.16);
  --mv-select: rgba(255, 152, 0, 0.2);
  --mv-hover: rgba(255, 255, 255, 0.05);
  --mv-link: #8ab4f8;
  --mv-warn: #f28b82;
  --mv-warn-soft: rgba(242, 139, 130, 0.14);
  --mv-chart: #8ab4f8;
  --mv-chart-soft: rgba(138, 180, 248, 0.28);
  --mv-chart-faint: rgba(138, 180, 248, 0.12);
  --mv-shadow: 0 1px 3px rgba(0, 0, 0, 0.5);
  color-scheme: dark;
}

html,
body {
  margin: 0;
  height: 100%;
  background: var(--mv-bg);
  color: var(--mv-text);
  font: 13px/1.45 var(--mv-font);
}

.mv-app {
  display: flex;
  flex-direction: column;
  height: 100vh;
  overflow: hidden;
}

.mv-app [hidden] {
  display: none !important;
}

.mv-mono {
  font-family: var(--mv-mono);
  font-size: 12px;
}

.mv-muted {
  color: var(--mv-muted);
}

.icon {
  flex: none;
  fill: none;
  stroke: currentColor;
  stroke-width: 2;
  stroke-linecap: round;
  stroke-linejoin: round;
}

.icon-filled {
  fill: currentColor;
  stroke: none;
}

/* ---- controls ---- */

select,
input[type="search"] {
  font: inherit;
  color: var(--mv-text);
  background: var(--mv-bg);
  border: 1px solid var(--mv-border-strong);
  border-radius: 6px;
  padding: 4px 8px;
  min-height: 28px;
  box-sizing: border-box;
}

select {
  max-width: 260px;
  padding-right: 4px;
}

select:focus-visible,
input:focus-visible,
button:focus-visible {
  outline: 2px solid var(--mv-accent);
  outline-offset: 1px;
}

.mv-button {
  display: inline-flex;
  align-items: center;
  gap: 5px;
  font: inherit;
  font-weight: 500;
  color: var(--mv-text);
  background: var(--mv-bg);
  border: 1px solid var(--mv-border-strong);
  border-radius: 6px;
  padding: 3px 10px;
  min-height: 28px;
  cursor: pointer;
  white-space: nowrap;
}

.mv-button:hover {
  background: var(--mv-hover);
}

.mv-button.is-active {
  background: var(--mv-accent-soft);
  border-color: var(--mv-accent);
}

.mv-icon-button {
  display: inline-grid;
  place-items: center;
  width: 30px;
  height: 30px;
  border-radius: 50%;
  border: 1px solid var(--mv-border-strong);
  background: var(--mv-bg);
  color: var(--mv-text);
  cursor: pointer;
  padding: 0;
}

.mv-icon-button:hover:not(:disabled) {
  border-color: var(--mv-accent);
  color: var(--mv-accent);
}

.mv-icon-button.is-active {
  background: var(--mv-accent);
  border-color: var(--mv-accent);
  color: #fff;
}

button:disabled,
input:disabled {
  opacity: 0.45;
  cursor: default;
}

.mv-field {
  display: inline-flex;
  align-items: center;
  gap: 6px;
}

.mv-field-label {
  color: var(--mv-muted);
  font-size: 11px;
  font-weight: 500;
  letter-spacing: 0.04em;
  text-transform: uppercase;
}

.mv-search-box {
  position: relative;
  display: inline-flex;
  align-items: center;
}

.mv-search-box .icon {
  position: absolute;
  left: 8px;
  color: var(--mv-muted);
  pointer-events: none;
}

.mv-search {
  padding-left: 28px !important;
  width: 240px;
}

.mv-segmented {
  display: inline-flex;
  border: 1px solid var(--mv-border-strong);
  border-radius: 6px;
  overflow: hidden;
}

.mv-segment {
  font: inherit;
  color: var(--mv-text);
  background: var(--mv-bg);
  border: none;
  padding: 3px 10px;
  min-height: 26px;
  cursor: pointer;
}

.mv-segment + .mv-segment {
  border-left: 1px solid var(--mv-border-strong);
}

.mv-segment.is-active {
  background: var(--mv-accent-soft);
  color: var(--mv-text);
  font-weight: 500;
}

.mv-check {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  cursor: pointer;
  font-weight: 400;
}

.mv-spacer {
  flex: 1;
}

.mv-badge {
  display: inline-block;
  font-size: 10.5px;
  line-height: 16px;
  padding: 0 6px;
  border-radius: 8px;
  background: var(--mv-panel-2);
  color: var(--mv-muted);
  white-space: nowrap;
}

.mv-badge.is-muted {
  font-style: italic;
}

/* ---- toolbar ---- */

.mv-toolbar {
  position: relative;
  flex: none;
  background: var(--mv-panel);
  border-bottom: 1px solid var(--mv-border);
}

.mv-toolbar-row {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 10px 18px;
  padding: 8px 16px;
}

.mv-toolbar-tabs {
  padding-top: 0;
  padding-bottom: 0;
  min-height: 38px;
}

.mv-toolbar.is-empty {
  display: none;
}

.mv-step {
  display: flex;
  align-items: center;
  gap: 10px;
  flex: 1;
  min-width: 320px;
}

.mv-slider {
  flex: 1;
  min-width: 140px;
  accent-color: var(--mv-accent);
}

.mv-step-readout {
  display: inline-flex;
  align-items: baseline;
  gap: 8px;
  white-space: nowrap;
}

.mv-step-value {
  font: 600 14px var(--mv-mono);
  min-width: 3ch;
}

.mv-step-detail {
  color: var(--mv-muted);
  font-size: 12px;
}

.mv-tabs {
  display: flex;
  align-self: stretch;
  gap: 4px;
}

.mv-tab {
  font: inherit;
  font-weight: 500;
  color: var(--mv-muted);
  background: none;
  border: none;
  border-bottom: 2px solid transparent;
  padding: 8px 14px 7px;
  cursor: pointer;
  letter-spacing: 0.02em;
}

.mv-tab:hover {
  color: var(--mv-text);
}

.mv-tab.is-active {
  color: var(--mv-text);
  border-bottom-color: var(--mv-accent);
}

.mv-summary {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 6px;
  margin-left: auto;
  font-size: 12px;
}

.mv-model-type {
  font-family: var(--mv-mono);
  font-weight: 600;
  margin-right: 4px;
}

.mv-chip {
  display: inline-flex;
  gap: 5px;
  align-items: baseline;
  padding: 1px 8px;
  border-radius: 10px;
  background: var(--mv-bg);
  border: 1px solid var(--mv-border);
  white-space: nowrap;
}

.mv-chip-label {
  color: var(--mv-muted);
  font-size: 11px;
}

.mv-progress {
  position: absolute;
  left: 0;
  right: 0;
  bottom: -1px;
  height: 2px;
  overflow: hidden;
}

.mv-progress.is-loading::after {
  content: "";
  position: absolute;
  top: 0;
  bottom: 0;
  width: 30%;
  background: var(--mv-accent);
  animation: mv-progress 1s ease-in-out infinite;
}

@keyframes mv-progress {
  from {
    left: -30%;
  }
  to {
    left: 100%;
  }
}

/* ---- main area and messages ---- */

.mv-main {
  position: relative;
  flex: 1;
  min-height: 0;
  display: flex;
}

.mv-view {
  flex: 1;
  min-width: 0;
  display: flex;
  flex-direction: column;
}

.mv-view-bar {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px;
  padding: 8px 16px;
  border-bottom: 1px solid var(--mv-border);
}

.mv-hint,
.mv-count {
  font-size: 12px;
}

.mv-overlay {
  position: absolute;
  inset: 0;
  z-index: 5;
  background: var(--mv-bg);
  overflow: auto;
}

.mv-message {
  max-width: 640px;
  margin: 64px auto;
  padding: 0 24px;
}

.mv-message h2 {
  font-size: 18px;
  font-weight: 500;
  margin: 0 0 8px;
}

.mv-message.is-error h2 {
  color: var(--mv-warn);
}

.mv-message[data-testid="loading-state"] {
  display: flex;
  align-items: center;
  gap: 12px;
  color: var(--mv-muted);
}

.mv-error-text {
  color: var(--mv-warn);
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}

.mv-spinner {
  width: 18px;
  height: 18px;
  border-radius: 50%;
  border: 2px solid var(--mv-border-strong);
  border-top-color: var(--mv-accent);
  animation: mv-spin 0.8s linear infinite;
}

@keyframes mv-spin {
  to {
    transform: rotate(360deg);
  }
}

.mv-code {
  font: 12.5px/1.6 var(--mv-mono);
  background: var(--mv-panel);
  border: 1px solid var(--mv-border);
  border-radius: 8px;
  padding: 12px 0;
  overflow-x: auto;
}

.mv-code-line {
  display: block;
  padding: 0 16px;
  min-height: 1.6em;
  white-space: pre;
}

.mv-code-line.is-highlight {
  background: var(--mv-accent-soft);
  box-shadow: inset 3px 0 var(--mv-accent);
  font-weight: 600;
}

/* ---- graph ---- */

.mv-graph-stage {
  position: relative;
  flex: 1;
  min-height: 0;
}

.mv-graph-host {
  position: absolute;
  inset: 0;
}

.mv-graph-message {
  position: absolute;
  top: 12px;
  left: 50%;
  transform: translateX(-50%);
  background: var(--mv-panel);
  border: 1px solid var(--mv-border);
  border-radius: 6px;
  padding: 6px 12px;
  box-shadow: var(--mv-shadow);
}

.mv-graph-message.is-error {
  color: var(--mv-warn);
}

/* ---- layer table ---- */

.mv-table-scroll {
  flex: 1;
  min-height: 0;
  overflow: auto;
}

.mv-table {
  width: 100%;
  border-collapse: separate;
  border-spacing: 0;
  font-variant-numeric: tabular-nums;
}

.mv-table th,
.mv-table td {
  padding: 4px 12px;
  text-align: left;
  white-space: nowrap;
  border-bottom: 1px solid var(--mv-border);
}

.mv-table th {
  position: sticky;
  top: 0;
  z-index: 2;
  background: var(--mv-panel);
  color: var(--mv-muted);
  font-size: 11px;
  font-weight: 600;
  letter-spacing: 0.04em;
  text-transform: uppercase;
  cursor: pointer;
  user-select: none;
}

.mv-table th:hover,
.mv-table th.is-sorted {
  color: var(--mv-text);
}

.mv-sort-arrow {
  margin-left: 4px;
  font-size: 9px;
  color: var(--mv-accent);
}

.mv-table .is-numeric {
  text-align: right;
}

.mv-table td.is-muted {
  color: var(--mv-muted);
}

.mv-table td.is-warn {
  color: var(--mv-warn);
  font-weight: 600;
}

.mv-table tbody tr {
  cursor: default;
}

.mv-table tbody tr:hover {
  background: var(--mv-hover);
}

.mv-table tbody tr.is-selected {
  background: var(--mv-select);
}

.mv-table tbody tr.is-context td {
  color: var(--mv-muted);
}

.mv-table tbody tr.is-not-run .mv-name-text {
  color: var(--mv-muted);
  font-style: italic;
}

.mv-table tfoot td {
  position: sticky;
  bottom: 0;
  background: var(--mv-panel);
  font-weight: 600;
  border-top: 1px solid var(--mv-border-strong);
  border-bottom: none;
}

.mv-table-empty {
  text-align: center !important;
  color: var(--mv-muted);
  padding: 24px !important;
}

.mv-name-cell {
  min-width: 240px;
}

.mv-name {
  display: flex;
  align-items: center;
  gap: 4px;
}

.mv-name-text {
  font-family: var(--mv-mono);
  font-size: 12px;
}

.mv-name-text.is-root {
  font-weight: 600;
}

.mv-tree-toggle,
.mv-tree-spacer {
  flex: none;
  width: 18px;
  height: 18px;
}

.mv-tree-toggle {
  display: grid;
  place-items: center;
  padding: 0;
  border: none;
  border-radius: 4px;
  background: none;
  color: var(--mv-muted);
  cursor: pointer;
}

.mv-tree-toggle:hover {
  background: var(--mv-panel-2);
  color: var(--mv-text);
}

.mv-tree-toggle .icon {
  transition: transform 0.12s;
}

.mv-tree-toggle.is-open .icon {
  transform: rotate(90deg);
}

.mv-row-action {
  display: grid;
  place-items: center;
  margin-left: 4px;
  width: 20px;
  height: 20px;
  padding: 0;
  border: none;
  border-radius: 4px;
  background: none;
  color: var(--mv-muted);
  cursor: pointer;
  visibility: hidden;
}

tr:hover .mv-row-action,
tr.is-selected .mv-row-action,
.mv-row-action:focus-visible {
  visibility: visible;
}

.mv-row-action:hover {
  color: var(--mv-accent);
  background: var(--mv-panel-2);
}

.mv-compact th,
.mv-compact td {
  padding: 3px 10px;
}

.mv-compact th {
  position: static;
  cursor: default;
}

/* ---- activations ---- */

.mv-activations {
  flex-direction: row;
}

.mv-picker {
  flex: none;
  width: 280px;
  display: flex;
  flex-direction: column;
  border-right: 1px solid var(--mv-border);
  background: var(--mv-panel);
}

.mv-picker-head {
  padding: 8px;
  border-bottom: 1px solid var(--mv-border);
}

.mv-picker-head .mv-search {
  width: 100%;
  padding-left: 8px !important;
}

.mv-picker-list {
  flex: 1;
  overflow: auto;
  padding: 4px 0;
}

.mv-picker-item {
  display: flex;
  align-items: center;
  gap: 6px;
  width: 100%;
  border: none;
  background: none;
  color: var(--mv-text);
  font: inherit;
  text-align: left;
  padding: 3px 8px;
  cursor: pointer;
}

.mv-picker-item:hover {
  background: var(--mv-hover);
}

.mv-picker-item.is-selected {
  background: var(--mv-select);
  box-shadow: inset 3px 0 var(--mv-accent);
}

.mv-picker-name {
  font-family: var(--mv-mono);
  font-size: 12px;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.mv-picker-type {
  margin-left: auto;
  color: var(--mv-muted);
  font-size: 11px;
  white-space: nowrap;
}

.mv-sample-dot {
  flex: none;
  width: 6px;
  height: 6px;
  border-radius: 50%;
  background: transparent;
}

.has-sample > .mv-sample-dot {
  background: var(--mv-accent);
}

.mv-picker-foot {
  display: flex;
  align-items: center;
  gap: 6px;
  padding: 6px 10px;
  border-top: 1px solid var(--mv-border);
  font-size: 11px;
}

.mv-sample-dot.is-legend {
  background: var(--mv-accent);
}

.mv-picker-empty {
  padding: 12px;
}

.mv-activation-detail {
  flex: 1;
  min-width: 0;
  overflow: auto;
  padding: 16px 20px 32px;
  display: flex;
  flex-direction: column;
  gap: 14px;
}

.mv-detail-header {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px 12px;
}

.mv-detail-header h2 {
  margin: 0;
  font-size: 16px;
  font-weight: 600;
  overflow-wrap: anywhere;
}

.mv-type-chip {
  padding: 1px 8px;
  border-radius: 10px;
  background: var(--mv-accent-soft);
  font-weight: 500;
  font-size: 12px;
}

.mv-placeholder {
  margin: 48px auto;
  color: var(--mv-muted);
}

.mv-card {
  background: var(--mv-bg);
  border: 1px solid var(--mv-border);
  border-radius: 8px;
  padding: 12px 14px;
  min-width: 0;
}

.mv-card h3 {
  display: flex;
  align-items: baseline;
  gap: 10px;
  margin: 0 0 8px;
  font-size: 11px;
  font-weight: 600;
  letter-spacing: 0.05em;
  text-transform: uppercase;
  color: var(--mv-muted);
}

.mv-card-note {
  margin-left: auto;
  font-weight: 400;
  letter-spacing: 0;
  text-transform: none;
}

.mv-card-row {
  display: grid;
  grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
  gap: 14px;
}

.mv-chart-placeholder {
  min-height: 80px;
  display: grid;
  place-items: center;
}

.mv-stats {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
  gap: 8px;
}

.mv-stat {
  background: var(--mv-panel);
  border-radius: 6px;
  padding: 6px 10px;
}

.mv-stat-label {
  font-size: 11px;
  color: var(--mv-muted);
}

.mv-stat-value {
  font-size: 14px;
  font-weight: 500;
}

.mv-stat.is-warn {
  background: var(--mv-warn-soft);
  color: var(--mv-warn);
}

.mv-chart {
  display: block;
  width: 100%;
  height: auto;
  max-height: 200px;
}

.mv-history {
  cursor: crosshair;
}

.mv-bar {
  fill: var(--mv-chart);
}

.mv-bar:hover {
  fill: var(--mv-accent);
}

.mv-axis {
  stroke: var(--mv-border-strong);
}

.mv-zero-line {
  stroke: var(--mv-muted);
  stroke-dasharray: 3 3;
  stroke-width: 1;
}

.mv-axis-label {
  fill: var(--mv-muted);
  font: 10.5px var(--mv-mono);
}

.mv-band-range {
  fill: var(--mv-chart-faint);
}

.mv-band-std {
  fill: var(--mv-chart-soft);
}

.mv-line-mean {
  fill: none;
  stroke: var(--mv-chart);
  stroke-width: 1.8;
}

.mv-cursor {
  stroke: var(--mv-accent);
  stroke-width: 1.5;
}

.mv-cursor-dot {
  fill: var(--mv-accent);
}

.mv-sample-controls {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 10px 16px;
  margin-bottom: 12px;
}

.mv-sample-shape {
  margin-left: auto;
  font-size: 12px;
}

.mv-channel-grid {
  display: grid;
  gap: 8px;
  justify-items: center;
}

.mv-channel {
  margin: 0;
  display: flex;
  flex-direction: column;
  align-items: center;
  gap: 2px;
}

.mv-channel figcaption {
  font-size: 10px;
  color: var(--mv-muted);
}

.mv-heatmap {
  display: block;
  image-rendering: pixelated;
  border-radius: 2px;
  box-shadow: 0 0 0 1px var(--mv-border);
  cursor: crosshair;
}

.mv-heatmap-wide {
  width: 100%;
  min-width: 0;
}

.mv-heatmap-row {
  display: flex;
  gap: 6px;
  align-items: stretch;
}

.mv-axis-caption {
  font-size: 11px;
  margin-bottom: 4px;
}

.mv-axis-vertical {
  writing-mode: vertical-rl;
  transform: rotate(180deg);
  text-align: right;
  margin: 0;
}

.mv-sample-card .mv-button {
  margin-top: 10px;
}

.mv-sample-footer {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px 24px;
  margin-top: 12px;
}

.mv-colorbar-wrap {
  width: 240px;
}

.mv-colorbar {
  display: block;
  width: 100%;
  height: 10px;
  border-radius: 2px;
  image-rendering: auto;
}

.mv-colorbar-labels {
  display: flex;
  justify-content: space-between;
  font-size: 10.5px;
  color: var(--mv-muted);
  margin-top: 2px;
}

.mv-readout {
  color: var(--mv-muted);
  min-height: 1.4em;
}

.mv-warnings p {
  margin: 4px 0;
}

.mv-inputs-note {
  border-left: 3px solid var(--mv-warn);
}

.mv-inputs-note p {
  margin: 4px 0 0;
}

/* ---- colour legends ---- */

.mv-legend {
  display: inline-flex;
  flex-direction: column;
  gap: 2px;
  font-size: 11px;
  min-width: 180px;
}

.mv-legend-title {
  font-weight: 600;
}

.mv-legend-bar {
  display: block;
  width: 100%;
  height: 9px;
  border-radius: 2px;
  box-shadow: 0 0 0 1px var(--mv-border);
}

.mv-legend-labels {
  display: flex;
  justify-content: space-between;
  gap: 10px;
  font: 10.5px var(--mv-mono);
  color: var(--mv-muted);
}

.mv-legend-missing {
  display: flex;
  align-items: center;
  gap: 5px;
  color: var(--mv-muted);
}

.mv-legend-swatch {
  width: 10px;
  height: 10px;
  border-radius: 2px;
  background: var(--mv-panel-2);
  box-shadow: 0 0 0 1px var(--mv-border-strong);
}

.mv-legend-slot {
  display: flex;
  align-items: center;
}

.mv-legend-slot .mv-legend {
  flex-direction: row;
  align-items: center;
  gap: 10px;
}

.mv-legend-slot .mv-legend-scale {
  width: 220px;
}

/* ---- trends: heatmap and lines ---- */

.mv-trends-body {
  flex: 1;
  min-height: 0;
  display: flex;
}

.mv-trends-matrix {
  position: relative;
  flex: 1;
  min-width: 0;
  display: flex;
  flex-direction: column;
  padding: 10px 8px 8px 12px;
}

.mv-matrix {
  flex: 1;
  min-height: 0;
  overflow-y: auto;
  overflow-x: hidden;
}

.mv-matrix-stage {
  position: relative;
}

.mv-matrix-canvas {
  position: absolute;
  left: 0;
  top: 0;
}

.mv-matrix-marks {
  cursor: crosshair;
}

.mv-matrix-tooltip {
  position: absolute;
  z-index: 3;
  pointer-events: none;
  max-width: 320px;
  padding: 6px 9px;
  border-radius: 6px;
  background: var(--mv-bg);
  border: 1px solid var(--mv-border-strong);
  box-shadow: var(--mv-shadow);
  font-size: 12px;
}

.mv-matrix-tooltip-name {
  font-weight: 600;
  overflow-wrap: anywhere;
}

.mv-matrix-tooltip-value {
  font: 600 13px var(--mv-mono);
}

.mv-matrix-message {
  padding: 8px 4px;
}

.mv-trends-side {
  flex: none;
  width: 400px;
  overflow-y: auto;
  border-left: 1px solid var(--mv-border);
  background: var(--mv-panel);
  padding: 12px 14px 24px;
  box-sizing: border-box;
}

.mv-trends-head {
  display: flex;
  align-items: center;
  gap: 8px;
  margin-bottom: 10px;
}

.mv-trends-head h2 {
  margin: 0;
  font-size: 14px;
  font-weight: 600;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  min-width: 0;
}

.mv-trends-alert {
  margin: 0 0 10px;
  padding: 8px 10px;
  border-radius: 6px;
  background: var(--mv-warn-soft);
  font-size: 12px;
  overflow-wrap: anywhere;
}

.mv-trends-alert .mv-alert-kind {
  margin-right: 6px;
}

.mv-trend-grid {
  display: grid;
  gap: 8px;
}

.mv-trend {
  background: var(--mv-bg);
  border: 1px solid var(--mv-border);
  border-radius: 8px;
  padding: 6px 8px 2px;
}

.mv-trend.is-highlighted {
  border-color: var(--mv-accent);
  box-shadow: inset 3px 0 var(--mv-accent);
}

.mv-trend.is-empty {
  opacity: 0.65;
}

.mv-trend-head {
  display: flex;
  align-items: baseline;
  gap: 8px;
  font-size: 12px;
}

.mv-trend-label {
  font-weight: 600;
}

.mv-trend-value {
  margin-left: auto;
  color: var(--mv-muted);
}

.mv-trend-svg {
  cursor: crosshair;
  max-height: 130px;
}

.mv-trend-line {
  fill: none;
  stroke: var(--mv-chart);
  stroke-width: 1.7;
  stroke-linejoin: round;
}

.mv-trend-point {
  fill: var(--mv-chart);
}

.mv-trend-alert {
  stroke: var(--mv-warn);
  stroke-width: 1.5;
  stroke-dasharray: 3 2;
}

.mv-trend-input-change {
  stroke: var(--mv-muted);
  stroke-width: 1.5;
}

.mv-trend-guide {
  stroke: var(--mv-muted);
  stroke-width: 1;
}

.mv-trends-note,
.mv-trends-empty {
  font-size: 12px;
}

/* ---- health alerts ---- */

.mv-alerts {
  overflow-y: auto;
}

.mv-alerts-body {
  max-width: 980px;
  width: 100%;
  box-sizing: border-box;
  padding: 16px 24px 32px;
}

.mv-alerts-title,
.mv-alerts-ok h2 {
  font-size: 16px;
  font-weight: 600;
  margin: 0 0 4px;
}

.mv-alert-list {
  list-style: none;
  margin: 12px 0;
  padding: 0;
  display: grid;
  gap: 8px;
}

.mv-alert {
  display: block;
  width: 100%;
  text-align: left;
  font: inherit;
  color: var(--mv-text);
  background: var(--mv-bg);
  border: 1px solid var(--mv-border);
  border-left: 3px solid var(--mv-warn);
  border-radius: 6px;
  padding: 8px 12px;
  cursor: pointer;
}

.mv-alert:hover {
  background: var(--mv-hover);
  border-color: var(--mv-border-strong);
  border-left-color: var(--mv-warn);
}

.mv-alert-head {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px;
  margin-bottom: 3px;
}

.mv-alert-layer {
  font-weight: 600;
  overflow-wrap: anywhere;
}

.mv-alert-step {
  font: 12px var(--mv-mono);
  color: var(--mv-muted);
}

.mv-alert-message {
  overflow-wrap: anywhere;
}

.mv-alert-kind {
  display: inline-block;
  padding: 0 7px;
  border-radius: 9px;
  font-size: 11px;
  font-weight: 600;
  line-height: 18px;
  white-space: nowrap;
  color: #fff;
  background: #c62828;
}

.mv-alert-kind[data-kind="dead"],
.mv-alert-kind[data-kind="saturated"] {
  background: #6a1b9a;
}

.mv-alert-kind[data-kind="vanishing"],
.mv-alert-kind[data-kind="not_learning"] {
  background: #1565c0;
}

.mv-alert-kind[data-kind="exploding"],
.mv-alert-kind[data-kind="lr_too_high"] {
  background: #d84315;
}

.mv-alert-checks {
  margin-top: 16px;
  color: var(--mv-muted);
}

.mv-alert-checks summary {
  cursor: pointer;
}

.mv-alert-checks strong {
  color: var(--mv-text);
  font-weight: 600;
}

.mv-alert-strip {
  flex: none;
  display: flex;
  align-items: center;
  gap: 10px;
  padding: 5px 16px;
  background: var(--mv-warn-soft);
  border-bottom: 1px solid var(--mv-border);
  font-size: 12.5px;
  min-width: 0;
}

.mv-alert-icon {
  flex: none;
  display: grid;
  place-items: center;
  width: 18px;
  height: 18px;
  border-radius: 50%;
  background: var(--mv-warn);
  color: var(--mv-bg);
  font-weight: 700;
  font-size: 12px;
}

.mv-alert-strip-text {
  flex: 1;
  min-width: 0;
  display: flex;
  align-items: center;
  gap: 8px;
  font: inherit;
  color: var(--mv-text);
  background: none;
  border: none;
  padding: 0;
  cursor: pointer;
  text-align: left;
}

.mv-alert-strip-text > span:last-child {
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.mv-alert-strip-text:hover > span:last-child {
  text-decoration: underline;
}

.mv-link-button {
  flex: none;
  font: inherit;
  font-weight: 500;
  color: var(--mv-link);
  background: none;
  border: none;
  padding: 0;
  cursor: pointer;
}

.mv-link-button:hover {
  text-decoration: underline;
}

.mv-tab-count {
  display: inline-block;
  margin-left: 6px;
  min-width: 16px;
  padding: 0 5px;
  border-radius: 8px;
  font-size: 10.5px;
  line-height: 16px;
  text-align: center;
  background: var(--mv-panel-2);
  color: var(--mv-muted);
}

.mv-tab-count.is-alert {
  background: var(--mv-warn);
  color: var(--mv-bg);
  font-weight: 700;
}

/* ---- compare ---- */

.mv-compare-side {
  display: inline-grid;
  place-items: center;
  width: 20px;
  height: 20px;
  border-radius: 50%;
  background: var(--mv-panel-2);
  font-weight: 700;
  font-size: 11px;
}

.mv-compare-arrow {
  color: var(--mv-muted);
}

.mv-compare-b {
  padding: 3px 8px;
  border-radius: 6px;
  background: var(--mv-accent-soft);
}

.mv-compare-body {
  flex: 1;
  min-height: 0;
  overflow-y: auto;
  padding: 14px 16px 32px;
  display: flex;
  flex-direction: column;
  gap: 14px;
}

.mv-compare-row {
  display: grid;
  grid-template-columns: minmax(400px, 4fr) minmax(420px, 7fr);
  gap: 14px;
}

.mv-compare-table-card,
.mv-compare-graph-card {
  display: flex;
  flex-direction: column;
  height: 460px;
  box-sizing: border-box;
}

.mv-compare-table {
  flex: 1;
  min-height: 0;
  display: flex;
  flex-direction: column;
}

.mv-compare-table .mv-table-scroll {
  flex: 1;
}

.mv-sortable th {
  position: sticky;
  cursor: pointer;
}

.mv-compare-table td.mv-mono {
  max-width: 220px;
  overflow: hidden;
  text-overflow: ellipsis;
}

.mv-compare-table tbody tr {
  cursor: pointer;
}

.mv-compare-change {
  white-space: nowrap;
}

.mv-change-swatch {
  display: inline-block;
  width: 9px;
  height: 9px;
  margin-right: 6px;
  border-radius: 2px;
  vertical-align: -1px;
  box-shadow: 0 0 0 1px var(--mv-border-strong);
}

.mv-compare-graph {
  position: relative;
  flex: 1;
  min-height: 0;
  border-radius: 6px;
  overflow: hidden;
  box-shadow: 0 0 0 1px var(--mv-border);
}

.mv-compare-graph-note {
  font-size: 11.5px;
  margin-top: 6px;
}

.mv-compare-detail-row {
  display: flex;
  flex-wrap: wrap;
  gap: 18px 24px;
  margin-top: 10px;
  align-items: flex-start;
}

.mv-compare-detail-row > table {
  flex: none;
  width: auto;
}

.mv-compare-sample-slot {
  flex: 1;
  min-width: 420px;
}

.mv-compare-figures {
  display: grid;
  grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: 12px;
}

.mv-compare-figure {
  margin: 0;
  display: flex;
  flex-direction: column;
  gap: 4px;
  min-width: 0;
}

.mv-compare-figure figcaption {
  font-size: 12px;
  font-weight: 600;
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}

.mv-compare-canvas {
  display: block;
  width: 100%;
  height: auto;
  max-height: 320px;
  object-fit: contain;
  image-rendering: pixelated;
  border-radius: 2px;
  box-shadow: 0 0 0 1px var(--mv-border);
}

.mv-compare-figure .mv-legend {
  min-width: 0;
  width: 100%;
}

.mv-compare-note {
  font-size: 11.5px;
  margin: 8px 0 0;
}

.mv-block {
  display: block;
}

.mv-arch-sides {
  display: flex;
  flex-wrap: wrap;
  gap: 8px 28px;
  margin-bottom: 8px;
}

.mv-arch-side {
  display: inline-flex;
  align-items: center;
  gap: 8px;
}

.mv-arch-list {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  gap: 3px;
  max-height: 240px;
  overflow-y: auto;
}

.mv-arch-item {
  display: flex;
  align-items: baseline;
  gap: 8px;
  overflow-wrap: anywhere;
}

/* ---- issue 25: names elided in the middle, visible scroll bars ---- */

.mv-elide {
  display: inline-flex;
  max-width: 100%;
  min-width: 0;
  vertical-align: bottom;
  white-space: nowrap;
}

.mv-elide-head {
  flex: 0 1 auto;
  min-width: 2.5em;
  overflow: hidden;
  text-overflow: ellipsis;
  /* Cut from the start: "…h.67.attn." keeps the block number next to the leaf. */
  direction: rtl;
}

.mv-elide-head > bdi {
  direction: ltr;
  unicode-bidi: isolate;
}

.mv-elide-tail {
  flex: 0 0 auto;
  max-width: 100%;
  overflow: hidden;
  text-overflow: ellipsis;
}

/* A styled scroll bar is always drawn (never an overlay that shows only while
 * scrolling); Firefox, without these pseudo-elements, takes the colours. */
.mv-scroll-visible {
  scrollbar-gutter: stable;
}

.mv-scroll-visible::-webkit-scrollbar {
  width: 11px;
  height: 11px;
}

.mv-scroll-visible::-webkit-scrollbar-thumb {
  background: var(--mv-muted);
  border-radius: 6px;
  border: 2px solid var(--mv-panel-2);
}

.mv-scroll-visible::-webkit-scrollbar-track {
  background: var(--mv-panel-2);
}

@supports not selector(::-webkit-scrollbar) {
  .mv-scroll-visible {
    scrollbar-color: var(--mv-muted) var(--mv-panel-2);
  }
}

/* ---- issue 25: Compare's table keeps its numbers in view ---- */

.mv-compare-row {
  grid-template-columns: minmax(440px, 5fr) minmax(380px, 6fr);
}

.mv-compare-grid {
  table-layout: fixed;
  min-width: 380px;
}

.mv-compare-grid th,
.mv-compare-grid td {
  padding: 3px 6px;
  overflow: hidden;
  text-overflow: ellipsis;
}

.mv-compare-grid col.mv-col-value {
  width: 70px;
}

.mv-compare-grid col.mv-col-delta {
  width: 84px;
}

.mv-compare-grid col.mv-col-change {
  width: 100px;
}

.mv-compare-grid td.is-numeric {
  font-size: 12px;
}

.mv-compare-grid td.mv-compare-name {
  max-width: none;
}

.mv-legend-note {
  font-size: 10.5px;
}

/* ---- issue 25: a statistic card keeps its value on one line; no band above Compare ---- */

.mv-stats {
  grid-template-columns: repeat(auto-fill, minmax(112px, 1fr));
}

.mv-stat-value {
  white-space: nowrap;
  overflow: hidden;
  text-overflow: ellipsis;
}

.mv-compare-body > :empty {
  display: none;
}

/* ---- issue 25: Trends at a thousand rows (scrolling rows, filter, groups, zoom) ---- */

.mv-matrix-view {
  position: sticky;
  top: 0;
  z-index: 1;
}

.mv-matrix-spacer {
  pointer-events: none;
}

.mv-trends-tools {
  display: flex;
  align-items: center;
  flex-wrap: wrap;
  gap: 8px 12px;
  padding: 0 0 8px;
}

.mv-trends-filter {
  width: 220px;
  max-width: 40vw;
}

.mv-trends-zoom {
  display: inline-flex;
  align-items: center;
  gap: 4px;
}

.mv-trends-count {
  font-size: 11.5px;
}

/* ---- issue 25: distributions over the steps (weights, gradients, outputs) ---- */

.mv-ridge {
  fill: var(--mv-accent-2, #3f6fd1);
  stroke: var(--mv-bg);
  stroke-width: 0.8;
}

.mv-ridge.is-current {
  stroke: var(--mv-accent);
  stroke-width: 1.6;
}

.mv-ridge-zero {
  stroke: var(--mv-border-strong);
  stroke-dasharray: 2 3;
}

.mv-distributions-title {
  margin: 16px 0 8px;
  font-size: 12px;
  font-weight: 600;
  text-transform: uppercase;
  letter-spacing: 0.04em;
  color: var(--mv-muted);
}

/* ---- issue 25: links from a layer to the other views ---- */

.mv-layer-links {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  flex: none;
}

.mv-layer-link {
  padding: 2px 7px;
  border-radius: 10px;
  font-size: 11.5px;
  color: var(--mv-accent);
  text-decoration: none;
  box-shadow: inset 0 0 0 1px var(--mv-border-strong);
  background: var(--mv-bg);
}

.mv-layer-link:hover,
.mv-layer-link:focus-visible {
  background: var(--mv-accent-soft);
}

.mv-layer-links.is-compact {
  margin-left: 6px;
  gap: 2px;
  visibility: hidden;
}

.mv-layer-links.is-compact .mv-layer-link {
  padding: 0 5px;
  font-size: 10.5px;
  line-height: 16px;
}

tr:hover .mv-layer-links.is-compact,
tr.is-selected .mv-layer-links.is-compact,
.mv-layer-links.is-compact:focus-within {
  visibility: visible;
}

/* In the Trends panel the name keeps the first line; the links go under it. */
.mv-trends-head {
  flex-wrap: wrap;
}

.mv-trends-head > .mv-layer-links {
  flex-basis: 100%;
}

li > .mv-layer-links {
  margin: 4px 0 10px 12px;
}

/* ---- issue 25: one layer across several runs ---- */

.mv-trend-other {
  fill: none;
  stroke-width: 1.4;
  stroke-dasharray: 4 2;
  stroke-linejoin: round;
}

.mv-trends-runs {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 4px 10px;
  margin: 0 0 10px;
  font-size: 12px;
}

.mv-run-chip {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  font-family: var(--mv-mono);
  font-size: 11.5px;
}

.mv-run-swatch {
  display: inline-block;
  width: 14px;
  height: 3px;
  border-radius: 2px;
}

.mv-run-swatch.is-own {
  background: var(--mv-chart);
}

.mv-arch-sign {
  flex: none;
  width: 16px;
  text-align: center;
  font-weight: 700;
}

.mv-arch-item[data-change="added"] .mv-arch-sign {
  color: #2e7d32;
}

.mv-arch-item[data-change="removed"] .mv-arch-sign {
  color: var(--mv-warn);
}

.mv-arch-item[data-change="changed"] .mv-arch-sign {
  color: var(--mv-accent);
}

.mv-arch-item[data-change="frozen"] .mv-arch-sign,
.mv-arch-item[data-change="unfrozen"] .mv-arch-sign {
  color: var(--mv-link);
}

/* ---- Graph view (frontend/src/graph/): level of detail, focus ---------------------------- */
/* Zoomed out, the small print hides and each box shows its name scaled (render.ts). */
svg[data-lod="low"] [data-detail] {
  display: none;
}
svg[data-lod="full"] [data-role="lod-labels"],
svg:not([data-lod]) [data-role="lod-labels"] {
  display: none;
}
[data-testid="graph-svg"]:focus {
  outline: none;
}
[data-testid="graph-svg"]:focus-visible {
  outline: 2px solid #e8590c;
  outline-offset: -2px;
}
`;function Ql(){let i=document.createElement("style");i.textContent=_i,document.head.appendChild(i);let e=document.createElement("div");e.className="mv-app",document.body.appendChild(e),new Gt(e).start()}export{Ql as render};
