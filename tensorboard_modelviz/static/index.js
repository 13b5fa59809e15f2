var vi=Object.defineProperty;var bi=(i,e,t)=>e in i?vi(i,e,{enumerable:!0,configurable:!0,writable:!0,value:t}):i[e]=t;var c=(i,e,t)=>bi(i,typeof e!="symbol"?e+"":e,t);var Ae=class extends Error{constructor(t,r){super(t);c(this,"status",r);this.name="ApiError"}};async function q(i,e={},t){let r=new URLSearchParams;for(let[o,d]of Object.entries(e))r.set(o,String(d));let s="./"+i+(r.toString()?"?"+r.toString():""),n;try{n=await fetch(s,{signal:t,headers:{Accept:"application/json"}})}catch(o){throw o.name==="AbortError"?o:new Ae("Could not reach the TensorBoard server. Is it still running?",0)}let a=null;try{a=await n.json()}catch{a=null}if(!n.ok){let o=a&&typeof a=="object"&&typeof a.error=="string"?a.error:`The server answered ${n.status} ${n.statusText||""}`.trim()+` for ${i}.`;throw new Ae(o,n.status)}if(a===null||typeof a!="object")throw new Ae(`The server sent something that is not JSON for ${i}.`,n.status);return a}var F={runs:i=>q("runs",{},i),structure:(i,e)=>q("structure",{run:i.run,tag:i.tag,step:i.step},e),step:(i,e)=>q("step",{run:i.run,tag:i.tag,step:i.step},e),activation:(i,e,t)=>q("activation",{run:i.run,tag:i.tag,step:i.step,layer:e},t),statMatrix:(i,e,t)=>q("stat_matrix",{run:i,tag:e,statistic:t}),layerTrends:(i,e,t)=>q("layer_trends",{run:i,tag:e,layer:t}),alerts:(i,e)=>q("alerts",{run:i,tag:e}),histograms:(i,e,t)=>q("histograms",{run:i,tag:e,layer:t}),stepDiff:(i,e)=>q("step_diff",or(i,e)),architectureDiff:(i,e)=>q("architecture_diff",or(i,e))};function or(i,e){return{run:i.run,tag:i.tag,step:i.step,run_b:e.run,tag_b:e.tag,step_b:e.step}}function ve(i){return i instanceof Error&&i.name==="AbortError"}function l(i,e={},...t){let r=document.createElement(i);if(e.class&&(r.className=e.class),e.testid&&(r.dataset.testid=e.testid),e.title&&(r.title=e.title),e.style&&Object.assign(r.style,e.style),e.dataset&&Object.assign(r.dataset,e.dataset),e.attrs)for(let[s,n]of Object.entries(e.attrs))n==null||n===!1||r.setAttribute(s,n===!0?"":String(n));if(e.on)for(let[s,n]of Object.entries(e.on))r.addEventListener(s,n);return lr(r,...t),r}function lr(i,...e){for(let t of e)t==null||t===!1||i.appendChild(typeof t=="string"||typeof t=="number"?document.createTextNode(String(t)):t)}function b(i,...e){i.textContent="",lr(i,...e)}function $e(i,e){let t=URL.createObjectURL(i),r=l("a",{attrs:{href:t,download:e},style:{display:"none"}});document.body.appendChild(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(t),1e4)}function G(i,e=16){let t="http://www.w3.org/2000/svg",{paths:r,filled:s}=yi[i],n=document.createElementNS(t,"svg");n.setAttribute("viewBox","0 0 24 24"),n.setAttribute("width",String(e)),n.setAttribute("height",String(e)),n.setAttribute("aria-hidden","true"),n.setAttribute("class",s?"icon icon-filled":"icon");for(let a of r){let o=document.createElementNS(t,"path");o.setAttribute("d",a),n.appendChild(o)}return n}var yi={play:{filled:!0,paths:["M8 5v14l11-7z"]},pause:{filled:!0,paths:["M6 5h4v14H6zM14 5h4v14h-4z"]},download:{filled:!1,paths:["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"]},search:{filled:!1,paths:["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"]},chevron:{filled:!1,paths:["M9 6l6 6l-6 6"]},activations:{filled:!1,paths:["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"]},retry:{filled:!1,paths:["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"]}};var cr=["viridis","magma","gray","diverging"],xi={viridis:["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"],magma:["#000004","#180f3d","#440f76","#721f81","#9e2f7f","#cd4071","#f1605d","#fd9668","#feca8d","#fcfdbf"],gray:["#000000","#ffffff"],diverging:["#053061","#2166ac","#4393c3","#92c5de","#d1e5f0","#f7f7f7","#fddbc7","#f4a582","#d6604d","#b2182b","#67001f"]};function wi(i){let e=parseInt(i.slice(1),16);return[e>>16&255,e>>8&255,e&255]}var dr=new Map;function re(i){let e=dr.get(i);if(e)return e;let t=xi[i].map(wi);e=new Uint8ClampedArray(256*3);for(let r=0;r<256;r++){let s=r/255*(t.length-1),n=Math.min(Math.floor(s),t.length-2),a=s-n;for(let o=0;o<3;o++)e[r*3+o]=t[n][o]+(t[n+1][o]-t[n][o])*a}return dr.set(i,e),e}function Re(i,e){let t=re(i),r=Math.max(0,Math.min(255,Math.round(e*255)))*3;return`rgb(${t[r]}, ${t[r+1]}, ${t[r+2]})`}function Ye(i,e){i.width=256,i.height=1;let r=i.getContext("2d");if(!r)return;let s=r.createImageData(256,1),n=re(e);for(let a=0;a<256;a++)s.data[a*4]=n[a*3],s.data[a*4+1]=n[a*3+1],s.data[a*4+2]=n[a*3+2],s.data[a*4+3]=255;r.putImageData(s,0,0)}function He(i){let e=Math.max(Math.abs(i.lo),Math.abs(i.hi))||1;return{lo:-e,hi:e}}function be(i,e,t,r,s,n,a,o){i.width=Math.max(1,r),i.height=Math.max(1,s);let d=i.getContext("2d");if(!d||r===0||s===0)return;let p=re(o),h=a.hi-a.lo||1,u=new Uint8Array(256);for(let g=0;g<256;g++){let y=(n.lo+g/255*(n.hi-n.lo)-a.lo)/h;u[g]=Math.max(0,Math.min(255,Math.round(y*255)))}let m=d.createImageData(r,s),f=m.data;for(let g=0;g<r*s;g++){let v=u[e[t+g]]*3;f[g*4]=p[v],f[g*4+1]=p[v+1],f[g*4+2]=p[v+2],f[g*4+3]=255}d.putImageData(m,0,0)}function ie(i){let e=i.shape;return i.layout==="chw"?{planes:e[1],height:e[2],width:e[3]}:i.layout==="tf"?{planes:1,height:e[1],width:e[2]}:{planes:1,height:1,width:e[1]}}function de(i,e,t){let{planes:r,width:s,height:n}=ie(i);return(e*r+t)*s*n}function pr(i,e,t="viridis"){let{planes:r,width:s,height:n}=ie(e);if(i.style.width="100%",i.style.height="auto",i.style.imageRendering="pixelated",e.shape[0]===0||r===0||s===0||n===0)throw new Error("the sample is empty");if(e.layout==="vec"){let m=Math.max(1,Math.round(s/12)),f=document.createElement("canvas"),g={lo:e.lo[0][0],hi:e.hi[0][0]};be(f,e.values,0,s,1,g,g,t),i.width=s,i.height=m;let v=i.getContext("2d");if(!v)return;v.imageSmoothingEnabled=!1,v.drawImage(f,0,0,s,m);return}let a=Math.min(r,16),o=Math.ceil(Math.sqrt(a)),d=Math.ceil(a/o),p=Math.max(1,Math.round(Math.max(s,n)/16));i.width=o*s+(o-1)*p,i.height=d*n+(d-1)*p;let h=i.getContext("2d");if(!h)return;let u=document.createElement("canvas");for(let m=0;m<a;m++){let f={lo:e.lo[0][m],hi:e.hi[0][m]};be(u,e.values,de(e,0,m),s,n,f,f,t),h.drawImage(u,m%o*(s+p),Math.floor(m/o)*(n+p))}}var ce="modelviz",Si="experimental.DataReloaded",ki="experimental.GetURLPluginData",Ze=class{constructor(){c(this,"port",null);c(this,"nextId",0);c(this,"pending",new Map);c(this,"reloadListeners",[]);if(window.parent===window)return;let e=new MessageChannel;this.port=e.port1,this.port.onmessage=t=>this.receive(t.data);try{window.parent.postMessage("experimental.bootstrap","*",[e.port2])}catch{this.port=null}}onDataReloaded(e){this.reloadListeners.push(e)}async urlData(){let e=await this.request(ki,{pluginName:ce},1500);if(!e||typeof e!="object")return{};let t={};for(let[r,s]of Object.entries(e))typeof s=="string"&&(t[r]=s);return t}request(e,t,r){let s=this.port;if(!s)return Promise.resolve(null);let n=this.nextId++;return new Promise(a=>{let o=setTimeout(()=>{this.pending.delete(n),a(null)},r);this.pending.set(n,d=>{clearTimeout(o),a(d)}),s.postMessage(JSON.stringify({type:e,id:n,payload:t,error:null,isReply:!1}))})}receive(e){let t;try{t=JSON.parse(String(e))}catch{return}if(t.isReply){let s=this.pending.get(t.id);this.pending.delete(t.id),s?.(t.error?null:t.payload);return}if(t.type===Si)for(let s of this.reloadListeners)s();let r={type:t.type,id:t.id,payload:null,error:null,isReply:!0};this.port?.postMessage(JSON.stringify(r))}};function hr(i){let e=null;try{window.parent!==window&&(e=window.parent.document.body)}catch{e=null}if(e){let r=e,s=()=>i(r.classList.contains("dark-mode"));new MutationObserver(s).observe(r,{attributes:!0,attributeFilter:["class"]}),s();return}let t=window.matchMedia("(prefers-color-scheme: dark)");t.addEventListener("change",()=>i(t.matches)),i(t.matches)}function Je(i){return l("div",{class:"mv-message",testid:"loading-state",attrs:{role:"status"}},l("div",{class:"mv-spinner"}),l("p",{},i))}function _t(i,e,t){return l("div",{class:"mv-message is-error",testid:"error-state",attrs:{role:"alert"}},l("h2",{},i),l("p",{class:"mv-error-text",testid:"error-message"},e),l("button",{class:"mv-button",attrs:{type:"button"},on:{click:t}},G("retry",14),"Try again"))}function mr(){let i=(e,t=!1)=>l("span",{class:t?"mv-code-line is-highlight":"mv-code-line"},e);return l("div",{class:"mv-message",testid:"empty-state"},l("h2",{},"No model visualizations in this log directory yet"),l("p",{},"Record your model's graph, layer table and activations by adding one line to your training loop:"),l("pre",{class:"mv-code",testid:"empty-state-code"},i("from tensorboard_modelviz import SummaryWriter"),i(""),i('writer = SummaryWriter("runs/exp1")'),i("for step, (x, y) in enumerate(loader):"),i("    ...  # forward, backward, optimizer step"),i("    if step % 100 == 0:"),i("        writer.add_model_viz(model, x, step)",!0)),l("p",{class:"mv-muted"},"Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now."))}var pe=class{constructor(e){c(this,"capacity",e);c(this,"entries",new Map)}get(e){let t=this.entries.get(e);return t!==void 0&&(this.entries.delete(e),this.entries.set(e,t)),t}set(e,t){for(this.entries.delete(e),this.entries.set(e,t);this.entries.size>this.capacity;){let r=this.entries.keys().next().value;this.entries.delete(r)}}delete(e){this.entries.delete(e)}clear(){this.entries.clear()}};function j(...i){return i.join("\0")}function Ti(i){let e=atob(i),t=new Uint8Array(e.length);for(let r=0;r<e.length;r++)t[r]=e.charCodeAt(r);return t}function ur(i,e,t,r){let s=n=>typeof n=="number"&&Number.isFinite(n)?n:0;if(!Array.isArray(i)||i.length!==e)throw new Error(`activation sample: "${r}" does not have ${e} entries`);return i.map(n=>{if(Array.isArray(n)){if(n.length!==t)throw new Error(`activation sample: "${r}" does not have ${t} channels`);return n.map(s)}return[s(n)]})}var gr={chw:4,tf:3,vec:2};function fr(i){let{layout:e,shape:t}=i;if(!(e in gr))throw new Error(`activation sample: unknown layout "${String(e)}"`);if(!Array.isArray(t)||t.length!==gr[e]||t.some(o=>!Number.isInteger(o)||o<0))throw new Error(`activation sample: shape ${JSON.stringify(t)} does not fit layout ${e}`);let r=Ti(i.data),s=t.reduce((o,d)=>o*d,1);if(r.length!==s)throw new Error(`activation sample: ${r.length} values for shape [${t.join(", ")}]`);let n=t[0],a=e==="chw"?t[1]:1;return{key:i.key,layout:e,shape:t,sourceShape:Array.isArray(i.source_shape)?i.source_shape:t,lo:ur(i.lo,n,a,"lo"),hi:ur(i.hi,n,a,"hi"),values:r}}function Qe(i,e,t){return e+i/255*(t-e)}var et=class{constructor(){c(this,"structures",new pe(8));c(this,"steps",new pe(64));c(this,"samples",new pe(96));c(this,"overTime",new pe(48))}runs(e){return F.runs(e)}step(e){let t=j(e.run,e.tag,e.step),r=this.steps.get(t);return r||(r=F.step(e).then(Li),this.steps.set(t,r),r.catch(()=>this.steps.delete(t))),r}async structure(e,t){let r=t?this.structures.get(j(e.run,e.tag,t)):void 0;if(r)return r;let s=Mi(await F.structure(e));return this.structures.set(j(e.run,e.tag,s.hash||t||String(e.step)),s),s}sample(e,t){let r=j(e.run,e.tag,e.step,t),s=this.samples.get(r);return s||(s=F.activation(e,t).then(fr),this.samples.set(r,s),s.catch(()=>this.samples.delete(r))),s}statMatrix(e,t,r){return this.remember(j("matrix",e,t,r),()=>F.statMatrix(e,t,r))}layerTrends(e,t,r){return this.remember(j("trends",e,t,r),()=>F.layerTrends(e,t,r))}histograms(e,t,r){return this.remember(j("histograms",e,t,r),()=>F.histograms(e,t,r))}alerts(e,t){return this.remember(j("alerts",e,t),()=>F.alerts(e,t))}stepDiff(e,t){return this.remember(j("step_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>F.stepDiff(e,t))}architectureDiff(e,t){return this.remember(j("arch_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>F.architectureDiff(e,t))}remember(e,t){let r=this.overTime.get(e);return r||(r=t(),this.overTime.set(e,r),r.catch(()=>this.overTime.delete(e))),r}invalidate(){this.steps.clear(),this.samples.clear(),this.overTime.clear()}},vr=i=>typeof i=="object"&&i!==null&&!Array.isArray(i);function Mi(i){let e=["nodes","edges","layers"].filter(t=>!Array.isArray(i[t]));if(vr(i.totals)||e.push("totals"),e.length)throw new Error(`The structure document is incomplete (no ${e.join(", ")}); it may come from an incompatible writer.`);return i}function Li(i){if(typeof i.structure!="string")throw new Error("The step document names no structure; it may come from an incompatible writer.");for(let e of["activations","params","grads","samples"])vr(i[e])||(i[e]={});return i}var br=["","k","M","G","T","P","E"];function Pt(i,e,t){let r=0,s=Math.abs(i);for(;s>=e&&r<t.length-1;)s/=e,r++;let n=r===0?0:s<10?2:s<100?1:0;return[(i<0?"-":"")+s.toFixed(n).replace(/\.0+$/,""),t[r]]}function H(i){if(i==null)return"–";let[e,t]=Pt(i,1e3,br);return t?`${e} ${t}`:e}function he(i){if(i==null)return"–";if(i===0)return"0";let[e,t]=Pt(i,1e3,br);return`${e} ${t}FLOPs`}function J(i){if(i==null)return"–";let[e,t]=Pt(i,1024,["B","KiB","MiB","GiB","TiB","PiB"]);return`${e} ${t}`}function D(i){return i==null?"–":i.toLocaleString("en-US")}function U(i){return i?"["+i.join(", ")+"]":"–"}function Oe(i){return!i||i.length===0?"–":i.map(U).join(" ")}function T(i){if(i==null)return"–";if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(2):Number(i.toPrecision(4)).toString()}function tt(i,e,t){return Array.isArray(i)&&i.includes(e)&&t!=="–"?`≈ ${t}`:t}function se(i){if(i==null)return"–";let e=i*100;return(e===0||e>=10?e.toFixed(0):e.toFixed(1))+" %"}function Vt(i,e,t){let r=n=>Array.isArray(n)?n.join("×"):String(n),s=[];return i!=null&&s.push(r(i)),e!=null&&(Array.isArray(e)?e:[e]).some(a=>a!==1)&&s.push("/"+r(e)),t&&t>1&&s.push("g"+t),s.join(" ")}function yr(i){return i?new Date(i*1e3).toLocaleString():""}function rt(i,e){return e&&i.startsWith(e+".")?i.slice(e.length+1):i}var Ei=[["graph","Graph"],["layers","Layers"],["activations","Activations"],["trends","Trends"],["compare","Compare"],["alerts","Alerts"]],it=class{constructor(e){c(this,"element");c(this,"runSelect");c(this,"tagSelect");c(this,"tagField");c(this,"slider");c(this,"stepLabel");c(this,"stepDetail");c(this,"playButton");c(this,"stepField");c(this,"tabs",new Map);c(this,"alertCount");c(this,"summary");c(this,"progress");c(this,"steps",[]);this.runSelect=l("select",{testid:"run-select",attrs:{"aria-label":"Run"},on:{change:()=>e.onRun(this.runSelect.value)}}),this.tagSelect=l("select",{testid:"tag-select",attrs:{"aria-label":"Model tag"},on:{change:()=>e.onTag(this.tagSelect.value)}}),this.tagField=l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Model"),this.tagSelect),this.slider=l("input",{testid:"step-slider",class:"mv-slider",attrs:{type:"range",min:0,max:0,step:1,value:0,"aria-label":"Step"},on:{input:()=>{let r=this.steps[Number(this.slider.value)];r!==void 0&&(this.showStepLabel(r),e.onStep(r))}}}),this.playButton=l("button",{testid:"play-button",class:"mv-icon-button",title:"Play through the steps",attrs:{type:"button","aria-label":"Play"},on:{click:()=>e.onTogglePlay()}}),this.stepLabel=l("span",{class:"mv-step-value",testid:"step-value"}),this.stepDetail=l("span",{class:"mv-step-detail"}),this.stepField=l("div",{class:"mv-step"},this.playButton,l("span",{class:"mv-field-label"},"Step"),this.slider,l("span",{class:"mv-step-readout"},this.stepLabel,this.stepDetail));let t=l("nav",{class:"mv-tabs",attrs:{role:"tablist"}});for(let[r,s]of Ei){let n=l("button",{class:"mv-tab",testid:`tab-${r}`,dataset:{view:r},attrs:{type:"button",role:"tab"},on:{click:()=>e.onView(r)}},s);this.tabs.set(r,n),t.appendChild(n)}this.alertCount=l("span",{class:"mv-tab-count",testid:"alert-count"}),this.alertCount.hidden=!0,this.tabs.get("alerts").appendChild(this.alertCount),this.summary=l("div",{class:"mv-summary",testid:"model-summary"}),this.progress=l("div",{class:"mv-progress",attrs:{"aria-hidden":"true"}}),this.element=l("header",{class:"mv-toolbar"},l("div",{class:"mv-toolbar-row"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),this.tagField,this.stepField),l("div",{class:"mv-toolbar-row mv-toolbar-tabs"},t,this.summary),this.progress),this.setPlaying(!1)}setRuns(e,t,r){b(this.runSelect,...e.map(n=>l("option",{attrs:{value:n.run}},n.run))),this.runSelect.value=t,this.runSelect.title=t;let s=e.find(n=>n.run===t)?.tags??[];b(this.tagSelect,...s.map(n=>l("option",{attrs:{value:n.tag}},n.tag))),this.tagSelect.value=r,this.tagField.hidden=s.length<2}setSteps(e,t){this.steps=e,this.slider.max=String(Math.max(0,e.length-1));let r=e.indexOf(t);this.slider.value=String(Math.max(0,r)),this.slider.disabled=e.length<2,this.playButton.disabled=e.length<2,this.showStepLabel(t)}setStepDetail(e){let t=this.steps.indexOf(Number(this.stepLabel.dataset.step)),r=this.steps.length>1?`${t+1} of ${this.steps.length}`:"only step";this.stepDetail.textContent=e?`${r} · ${yr(e)}`:r}showStepLabel(e){this.stepLabel.textContent=String(e),this.stepLabel.dataset.step=String(e)}setPlaying(e){b(this.playButton,G(e?"pause":"play",18)),this.playButton.title=e?"Pause":"Play through the steps",this.playButton.setAttribute("aria-label",e?"Pause":"Play"),this.playButton.classList.toggle("is-active",e)}setView(e){for(let[t,r]of this.tabs)r.classList.toggle("is-active",t===e),r.setAttribute("aria-selected",String(t===e))}setAlertCount(e){this.alertCount.hidden=e===null,this.alertCount.textContent=e===null?"":String(e),this.alertCount.classList.toggle("is-alert",(e??0)>0)}setLoading(e){this.progress.classList.toggle("is-loading",e)}setHasData(e){this.element.classList.toggle("is-empty",!e)}setSummary(e){if(!e){this.summary.textContent="";return}let t=e.totals,r=(n,a,o)=>l("span",{class:"mv-chip",title:o},l("span",{class:"mv-chip-label"},n),a),s=e.inputs[0];b(this.summary,l("span",{class:"mv-model-type",title:"Model class"},e.model_type),r("params",H(t.params),`${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`),r("compute",he(t.flops),"Floating-point operations of one forward pass"),r("activations",J(t.output_bytes),"Bytes returned by all leaf module calls in one forward pass"),s?r("input",U(s.shape),`${s.name}: ${s.dtype}`):null)}};var Gt=["graph","layers","activations","trends","compare","alerts"],Ci=["run","tag","step","view","layer","stat","overlay","ref_run","ref_step"],me=`p.${ce}.`;function Pe(i){let e=[];for(let t of i.replace(/^#/,"").split("&")){if(!t)continue;let r=t.indexOf("=");try{r<0?e.push([decodeURIComponent(t),""]):e.push([decodeURIComponent(t.slice(0,r)),decodeURIComponent(t.slice(r+1))])}catch{}}return e}function De(i){return i.map(([e,t])=>t===""&&!e.startsWith(me)?encodeURIComponent(e):`${encodeURIComponent(e)}=${encodeURIComponent(t)}`).join("&")}function nt(i){let e={};return i.run&&(e.run=i.run),i.tag&&(e.tag=i.tag),i.step!==void 0&&/^-?\d+$/.test(i.step)&&(e.step=Number(i.step)),Gt.includes(i.view)&&(e.view=i.view),i.layer&&(e.layer=i.layer),i.stat&&(e.stat=i.stat),i.overlay&&(e.overlay=i.overlay),i.ref_run&&(e.ref_run=i.ref_run),i.ref_step!==void 0&&/^-?\d+$/.test(i.ref_step)&&(e.ref_step=Number(i.ref_step)),e}function It(){return nt(Object.fromEntries(Pe(window.location.hash)))}function zt(){try{if(window.parent===window)return null;let i={};for(let[e,t]of Pe(window.parent.location.hash))e.startsWith(me)&&(i[e.slice(me.length)]=t);return nt(i)}catch{return null}}function _e(i){let e=[];for(let t of Ci){let r=i[t];r!==void 0&&r!==""&&e.push([t,String(r)])}return e}function st(i,e){let t=new URL(i);return t.hash=e,t.href}function Ni(i,e="replace"){let t=De(_e(i)),r=window.location.hash.replace(/^#/,"")!==t,s=r&&e==="push"&&xr(i,"push");if(r){let n=st(window.location.href,t);e==="push"&&!s&&!Ai()?history.pushState(history.state,"",n):history.replaceState(history.state,"",n)}s||xr(i,"replace")}function wr(i){try{if(window.parent!==window){let e=window.parent,r=Pe(e.location.hash).filter(([n])=>!n.startsWith(me));(r.length===0||r[0][0]!==ce)&&r.unshift([ce,""]);let s=_e(i).map(([n,a])=>[me+n,a]);return st(e.location.href,De([...r,...s]))}}catch{}return st(window.location.href,De(_e(i)))}function Ai(){try{return window.parent!==window}catch{return!0}}function xr(i,e){try{if(window.parent===window)return!1;let t=window.parent,r=Pe(t.location.hash);if(r.length===0||r[0][0]!==ce||r[0][1]!=="")return!1;let s=r.filter(([d])=>!d.startsWith(me)),n=_e(i).map(([d,p])=>[me+d,p]),a=De([...s,...n]);if(t.location.hash.replace(/^#/,"")===a)return!1;let o=st(t.location.href,a);return e==="push"?t.history.pushState(t.history.state,"",o):t.history.replaceState(t.history.state,"",o),!0}catch{return!1}}function Sr(i){let e=Bt(),t=()=>{if(!$i())return;let s=Bt();s!==e&&(e=s,i(kr()))},r=[window];try{window.parent!==window&&(window.parent.location.hash,r.push(window.parent))}catch{}for(let s of r)s.addEventListener("popstate",t),s.addEventListener("hashchange",t);Tr=()=>{e=Bt()}}function kr(){return zt()??It()}function Bt(){return De(_e(kr()))}function $i(){try{if(window.parent===window)return!0;let i=Pe(window.parent.location.hash);return i.length>0&&i[0][0]===ce&&i[0][1]===""}catch{return!0}}var Tr=()=>{};function Mr(i,e="replace"){Ni(i,e),Tr()}var Ri="http://www.w3.org/2000/svg";function V(i,e,t){let r=document.createElementNS(Ri,i);for(let[s,n]of Object.entries(e))r.setAttribute(s,String(n));return t?.appendChild(r),r}function Q(i,e,t,r,s,n="mv-axis-label"){let a=V("text",{x:e,y:t,"text-anchor":s,class:n},i);return a.textContent=r,a}function Lr(i,e,t=420,r=150){let s=V("svg",{viewBox:`0 0 ${t} ${r}`,class:"mv-chart",role:"img","aria-label":"Histogram of output values"}),n={left:8,right:8,top:8,bottom:22},a=t-n.left-n.right,o=r-n.top-n.bottom,d=i.counts??[],p=i.lo??0,h=i.hi??0,u=v=>e?Math.log10(1+v):v,m=Math.max(1e-12,...d.map(u)),f=d.length?a/d.length:a,g=d.reduce((v,y)=>v+y,0);if(d.forEach((v,y)=>{let x=u(v)/m*o,L=p+(h-p)*y/d.length,k=p+(h-p)*(y+1)/d.length,E=V("rect",{x:n.left+y*f+.5,y:n.top+o-x,width:Math.max(.5,f-1),height:Math.max(v>0?1:0,x),class:"mv-bar"},s);V("title",{},E).textContent=`[${T(L)}, ${T(k)}): ${v.toLocaleString("en-US")} values (${g?(100*v/g).toFixed(1):0} %)`}),V("line",{x1:n.left,x2:t-n.right,y1:n.top+o+.5,y2:n.top+o+.5,class:"mv-axis"},s),p<0&&h>0){let v=n.left+(0-p)/(h-p)*a;V("line",{x1:v,x2:v,y1:n.top,y2:n.top+o,class:"mv-zero-line"},s),v>n.left+40&&v<t-n.right-40&&Q(s,v,r-6,"0","middle")}return Q(s,n.left,r-6,T(p),"start"),Q(s,t-n.right,r-6,T(h),"end"),s}function Er(i,e,t,r=420,s=150){let n=V("svg",{viewBox:`0 0 ${r} ${s}`,class:"mv-chart mv-history",role:"img","aria-label":"Output statistics over steps"}),a={left:48,right:10,top:8,bottom:22},o=r-a.left-a.right,d=s-a.top-a.bottom,p=i.filter(S=>S.mean!==null&&S.std!==null);if(p.length===0)return Q(n,r/2,s/2,"No statistics recorded for this layer","middle"),n;if(i.length<2)return Q(n,r/2,s/2,"One step so far: the history appears from the second step","middle"),n;let h=i.map(S=>S.step),u=Math.min(...h),m=Math.max(...h),f=1/0,g=-1/0;for(let S of p)f=Math.min(f,S.min??S.mean-S.std,S.mean-S.std),g=Math.max(g,S.max??S.mean+S.std,S.mean+S.std);f===g&&(f-=1,g+=1);let v=S=>a.left+(m===u?o/2:(S-u)/(m-u)*o),y=S=>a.top+d-(S-f)/(g-f)*d,x=S=>S.map(([z,w],A)=>`${A?"L":"M"}${v(z).toFixed(1)},${y(w).toFixed(1)}`).join(""),L=p.filter(S=>S.min!==null&&S.max!==null);if(L.length){let S=L.map(w=>[w.step,w.max]),z=L.map(w=>[w.step,w.min]).reverse();V("path",{d:x(S)+x(z).replace(/^M/,"L")+"Z",class:"mv-band-range"},n)}let k=p.map(S=>[S.step,S.mean+S.std]),E=p.map(S=>[S.step,S.mean-S.std]).reverse();V("path",{d:x(k)+x(E).replace(/^M/,"L")+"Z",class:"mv-band-std"},n),V("path",{d:x(p.map(S=>[S.step,S.mean])),class:"mv-line-mean"},n),f<0&&g>0&&V("line",{x1:a.left,x2:r-a.right,y1:y(0),y2:y(0),class:"mv-zero-line"},n),Q(n,a.left-6,a.top+8,T(g),"end"),Q(n,a.left-6,a.top+d,T(f),"end"),Q(n,a.left,s-6,`step ${u}`,"start"),Q(n,r-a.right,s-6,`step ${m}`,"end");let _=v(e);V("line",{x1:_,x2:_,y1:a.top,y2:a.top+d,class:"mv-cursor"},n);let P=p.find(S=>S.step===e);return P&&V("circle",{cx:_,cy:y(P.mean),r:3.5,class:"mv-cursor-dot"},n),n.addEventListener("click",S=>{let z=n.getBoundingClientRect(),w=(S.clientX-z.left)/z.width*r,A=i[0].step;for(let K of i)Math.abs(v(K.step)-w)<Math.abs(v(A)-w)&&(A=K.step);t(A)}),n}var Hi=64;function Oi(i,e){if(i!=="auto")return i;let t=!1,r=!1;for(let s=0;s<e.lo.length;s++)for(let n=0;n<e.lo[s].length;n++)e.lo[s][n]<0&&(t=!0),e.hi[s][n]>0&&(r=!0);return t&&r?"diverging":"viridis"}function Di(i,e){return{lo:Math.min(...i.lo[e]),hi:Math.max(...i.hi[e])}}var at=class{constructor(e,t){c(this,"options",e);c(this,"onOptions",t);c(this,"element");c(this,"controls");c(this,"canvasArea");c(this,"legend");c(this,"readout");c(this,"sample",null);this.controls=l("div",{class:"mv-sample-controls"}),this.canvasArea=l("div",{class:"mv-sample-canvases"}),this.legend=l("div",{class:"mv-legend",testid:"activation-legend"}),this.readout=l("div",{class:"mv-readout mv-mono"}," "),this.element=l("div",{class:"mv-sample"},this.controls,this.canvasArea,l("div",{class:"mv-sample-footer"},this.legend,this.readout))}setSample(e){this.sample=e,this.options.item>=e.shape[0]&&(this.options={...this.options,item:0}),this.render()}update(e){this.options={...this.options,...e},this.onOptions(this.options),this.render()}render(){let e=this.sample;if(!e)return;let t=Oi(this.options.colormap,e);this.renderControls(e),e.layout==="chw"?this.renderChannels(e,t):e.layout==="tf"?this.renderSequence(e,t):this.renderVectors(e,t)}renderControls(e){let t=(n,a,o,d,p)=>{let h=l("select",{testid:a,on:{change:()=>p(h.value)}},...d.map(([u,m])=>l("option",{attrs:{value:u}},m)));return h.value=o,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},n),h)},r=e.shape[0],s=e.layout==="chw"?l("div",{class:"mv-segmented",attrs:{role:"group","aria-label":"Colour scale"}},...["shared","channel"].map(n=>l("button",{class:"mv-segment"+(this.options.scale===n?" is-active":""),testid:`scale-${n}`,title:n==="shared"?"One colour scale for all channels: compare magnitudes":"Each channel scaled to its own range: see the pattern in weak channels",attrs:{type:"button","aria-pressed":String(this.options.scale===n)},on:{click:()=>this.update({scale:n})}},n==="shared"?"Shared scale":"Per channel"))):null;b(this.controls,r>1?t("Batch item","sample-item",String(this.options.item),Array.from({length:r},(n,a)=>[String(a),`#${a}`]),n=>this.update({item:Number(n)})):null,t("Colours","colormap-select",this.options.colormap,[["auto","auto"],...cr.map(n=>[n,n])],n=>this.update({colormap:n})),s,l("span",{class:"mv-muted mv-sample-shape",title:"The stored sample is downsampled from the layer's output"},`sample ${U(e.shape)} of output ${U(e.sourceShape)}`))}renderLegend(e,t){let r=l("canvas",{class:"mv-colorbar"});Ye(r,e);let s=t?[T(t.lo),t.lo<0&&t.hi>0&&e==="diverging"?"0":"",T(t.hi)]:["channel min","","channel max"];b(this.legend,l("div",{class:"mv-colorbar-wrap"},r,l("div",{class:"mv-colorbar-labels mv-mono"},...s.map(n=>l("span",{},n)))))}attachReadout(e,t){e.addEventListener("mousemove",r=>{let s=e.getBoundingClientRect(),n=Math.floor((r.clientX-s.left)/s.width*e.width),a=Math.floor((r.clientY-s.top)/s.height*e.height);n<0||a<0||n>=e.width||a>=e.height||(this.readout.textContent=t(n,a))}),e.addEventListener("mouseleave",()=>this.readout.textContent=" ")}renderChannels(e,t){let{planes:r,width:s,height:n}=ie(e),a=this.options.item,o=this.options.scale==="shared",d=t==="diverging",p=Di(e,a);d&&(p=He(p));let h=Math.max(1,Math.floor(96/Math.max(s,n,1))),u=this.options.showAllChannels?r:Math.min(r,Hi),m=l("div",{class:"mv-channel-grid",style:{gridTemplateColumns:`repeat(auto-fill, minmax(${Math.max(s*h,40)}px, 1fr))`}});for(let g=0;g<u;g++){let v={lo:e.lo[a][g],hi:e.hi[a][g]},y=o?p:d?He(v):v,x=l("canvas",{class:"mv-heatmap",testid:"activation-canvas",dataset:{channel:String(g)},style:{width:`${s*h}px`,maxWidth:"100%",aspectRatio:`${s} / ${n}`}});be(x,e.values,de(e,a,g),s,n,v,y,t);let L=de(e,a,g);this.attachReadout(x,(k,E)=>`channel ${g} · (${E}, ${k}) = ${T(Qe(e.values[L+E*s+k],v.lo,v.hi))}`),m.appendChild(l("figure",{class:"mv-channel",title:`channel ${g}: ${T(v.lo)} … ${T(v.hi)}`},x,l("figcaption",{class:"mv-mono"},String(g))))}let f=r>u?l("button",{class:"mv-button",testid:"show-all-channels",attrs:{type:"button"},on:{click:()=>this.update({showAllChannels:!0})}},`Show all ${r} channels`):null;b(this.canvasArea,m,f),this.renderLegend(t,o?p:null)}renderSequence(e,t){let{width:r,height:s}=ie(e),n=this.options.item,a={lo:e.lo[n][0],hi:e.hi[n][0]},o=t==="diverging"?He(a):a,d=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(480,Math.max(80,s*6))}px`}}),p=de(e,n,0);be(d,e.values,p,r,s,a,o,t),this.attachReadout(d,(h,u)=>`token ${u} · feature ${h} = ${T(Qe(e.values[p+u*r+h],a.lo,a.hi))}`),b(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${r})`),l("div",{class:"mv-heatmap-row"},l("div",{class:"mv-axis-caption mv-axis-vertical mv-muted"},`tokens ↓ (${s})`),d)),this.renderLegend(t,o)}renderVectors(e,t){let[r,s]=e.shape,n=t==="diverging",a={lo:Math.min(...e.lo.map(h=>h[0])),hi:Math.max(...e.hi.map(h=>h[0]))};n&&(a=He(a));let o=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(320,Math.max(28,r*28))}px`}});o.width=Math.max(1,s),o.height=Math.max(1,r);let d=o.getContext("2d"),p=document.createElement("canvas");for(let h=0;h<r&&d;h++)be(p,e.values,h*s,s,1,{lo:e.lo[h][0],hi:e.hi[h][0]},a,t),d.drawImage(p,0,h);this.attachReadout(o,(h,u)=>`item ${u} · feature ${h} = ${T(Qe(e.values[u*s+h],e.lo[u][0],e.hi[u][0]))}`),b(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${s})${r>1?`, one row per batch item (${r})`:""}`),o),this.renderLegend(t,a)}};var _i=[["graph","Graph","Show this layer in the graph"],["activations","Activations","Show this layer's activation maps and statistics"],["trends","Trends","Show this layer's statistics over the steps"],["compare","Compare","Compare this layer between two steps or runs"]],ye=null;function Cr(i){ye=i}function X(i,e,t=!1){return l("span",{class:"mv-layer-links"+(t?" is-compact":""),testid:"layer-links",dataset:{key:i}},..._i.filter(([r])=>r!==e).map(([r,s,n])=>l("a",{class:"mv-layer-link",title:n,dataset:{view:r},attrs:{href:ye?.href(r,i)??"#",target:"_top"},on:{click:a=>{a.stopPropagation(),!(a.button!==0||a.metaKey||a.ctrlKey||a.shiftKey||a.altKey||!ye)&&(a.preventDefault(),ye.open(r,i))},mouseenter:a=>{let o=a.currentTarget;ye&&(o.href=ye.href(r,i))}}},t?s.slice(0,1):s)))}var ot=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"pickerFilter");c(this,"pickerList");c(this,"detail");c(this,"structure",null);c(this,"stepDoc",null);c(this,"at",null);c(this,"layer",null);c(this,"visible",!1);c(this,"logHistogram",null);c(this,"sampleOptions",{colormap:"auto",scale:"shared",item:0,showAllChannels:!1});c(this,"generation",0);c(this,"renderedFor","");this.pickerFilter=l("input",{class:"mv-search",testid:"activation-layer-filter",attrs:{type:"search",placeholder:"Find a layer","aria-label":"Find a layer"},on:{input:()=>this.renderPicker()}}),this.pickerList=l("div",{class:"mv-picker-list",testid:"activation-layer-list",attrs:{role:"listbox","aria-label":"Layers"}}),this.detail=l("div",{class:"mv-activation-detail",testid:"activation-detail"}),this.element=l("section",{class:"mv-view mv-activations"},l("aside",{class:"mv-picker"},l("div",{class:"mv-picker-head"},this.pickerFilter),this.pickerList,l("div",{class:"mv-picker-foot mv-muted"},l("span",{class:"mv-sample-dot is-legend"}),"activation sample stored at this step")),this.detail)}setData(e,t,r){let s=e!==this.structure;this.structure=e,this.stepDoc=t,this.at=r,s?this.renderPicker():this.updatePickerMarks(),(this.layer===null||!e.layers.some(n=>n.key===this.layer))&&(this.layer=this.defaultLayer()),this.refresh()}setLayer(e){if(!(e===null||e===this.layer)){this.layer=e,this.sampleOptions={...this.sampleOptions,showAllChannels:!1};for(let t of this.pickerList.querySelectorAll("[data-key]")){let r=t.dataset.key===e;t.classList.toggle("is-selected",r),t.setAttribute("aria-selected",String(r)),r&&this.visible&&t.scrollIntoView({block:"nearest"})}this.refresh()}}setVisible(e){this.visible=e,e&&(this.pickerList.querySelector(".is-selected")?.scrollIntoView({block:"nearest"}),this.refresh())}defaultLayer(){let e=this.stepDoc?.samples??{},t=this.structure?.layers??[];return t.find(r=>r.key in e)?.key??t.find(r=>r.node!==null&&r.parent!==null)?.key??t[0]?.key??null}renderPicker(){let e=this.structure?.layers??[],t=this.pickerFilter.value.trim().toLowerCase(),r=this.stepDoc?.samples??{},s=document.createDocumentFragment(),n=0,a=new Map(e.map(o=>[o.key,o.name]));for(let o of e){if(o.node===null||t&&!o.name.toLowerCase().includes(t)&&!o.type.toLowerCase().includes(t))continue;n++;let d=o.parent===null;s.appendChild(l("button",{class:"mv-picker-item"+(o.key===this.layer?" is-selected":"")+(o.key in r?" has-sample":""),testid:"activation-layer",dataset:{key:o.key},title:`${o.name||this.structure?.model_type||"model"} (${o.type})${o.calls>1?`, call ${o.call+1} of ${o.calls}`:""}`,attrs:{type:"button",role:"option","aria-selected":String(o.key===this.layer)},style:{paddingLeft:`${8+(t?0:Math.min(o.depth,8)*12)}px`},on:{click:()=>this.handlers.onSelect(o.key)}},l("span",{class:"mv-sample-dot",title:"Has an activation sample at this step"}),l("span",{class:"mv-picker-name"},d?this.structure?.model_type??"model":t?o.name:rt(o.name,o.parent===null?null:a.get(o.parent))),o.calls>1?l("span",{class:"mv-badge"},`#${o.call+1}`):null,l("span",{class:"mv-picker-type"},o.type)))}b(this.pickerList),this.pickerList.appendChild(s),n===0&&this.pickerList.appendChild(l("div",{class:"mv-muted mv-picker-empty"},"No layer matches."))}updatePickerMarks(){let e=this.stepDoc?.samples??{};for(let t of this.pickerList.querySelectorAll("[data-key]"))t.classList.toggle("has-sample",t.dataset.key in e)}refresh(){if(!this.visible||!this.structure||!this.stepDoc||!this.at)return;let e=[this.at.run,this.at.tag,this.at.step,this.layer,this.structure.hash].join("\0");if(e===this.renderedFor)return;let t=!this.renderedFor.endsWith("\0"+this.layer+"\0"+this.structure.hash);this.renderedFor=e,this.renderDetail(t)}renderDetail(e){let t=++this.generation,r=this.structure,s=this.stepDoc,n=this.at,a=r.layers.find(m=>m.key===this.layer);if(!a){b(this.detail,l("div",{class:"mv-placeholder"},l("p",{},"Pick a layer on the left to see its activations.")));return}let o=s.activations[a.key]??null,d=s.samples[a.key],p=l("div",{class:"mv-card mv-sample-card"},l("h3",{},"Output sample")),h=this.detail.querySelector(".mv-sample-card .mv-sample"),u=l("div",{class:"mv-card"},l("h3",{},"Over training"),l("div",{class:"mv-muted mv-chart-placeholder"},"Loading…"));b(this.detail,this.header(a,r),this.statsGrid(o),l("div",{class:"mv-card-row"},this.histogramCard(o),u),p,this.parametersCard(a,s)),s.capture?.warnings?.length&&this.detail.appendChild(l("div",{class:"mv-card mv-warnings"},l("h3",{},"Capture warnings"),...s.capture.warnings.map(m=>l("p",{},m)))),d?(h&&!e?p.appendChild(h):p.appendChild(l("div",{class:"mv-muted mv-chart-placeholder",testid:"sample-loading"},"Loading sample…")),this.store.sample(n,a.key).then(m=>{if(t!==this.generation)return;let f=new at(this.sampleOptions,g=>this.sampleOptions=g);f.setSample(m),b(p,l("h3",{},"Output sample"),f.element)},m=>{t!==this.generation||ve(m)||b(p,l("h3",{},"Output sample"),l("p",{class:"mv-error-text"},m.message))})):p.appendChild(l("p",{class:"mv-muted",testid:"no-sample"},o?`No sample of this layer's output was stored at step ${n.step}; the statistics above cover the whole output.`:`This call did not record its output at step ${n.step}.`)),this.store.layerTrends(n.run,n.tag,a.key).then(m=>{if(t!==this.generation)return;let f=(v,y)=>m.statistics[v]?.[y]??null,g=m.steps.map((v,y)=>({step:v,mean:f("activation_mean",y),std:f("activation_std",y),min:f("activation_min",y),max:f("activation_max",y)}));b(u,l("h3",{},"Over training",l("span",{class:"mv-card-note"},"mean ± std, min–max; click to jump")),Er(g,n.step,v=>this.handlers.onStep(v)))},m=>{t===this.generation&&b(u,l("h3",{},"Over training"),l("p",{class:"mv-error-text"},m.message))})}header(e,t){let r=e.parent===null?t.model_type:e.name;return l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"activation-layer-name"},r),l("span",{class:"mv-type-chip",title:e.extra?`${e.type}(${e.extra})`:e.type},e.type),e.calls>1?l("span",{class:"mv-badge"},`call ${e.call+1} of ${e.calls}`):null,l("span",{class:"mv-muted mv-mono"},`${Oe(e.input_shapes)} → ${Oe(e.output_shapes)}`),l("span",{class:"mv-spacer"}),X(e.key,"activations"))}statsGrid(e){if(!e)return l("div",{class:"mv-card mv-muted"},"No statistics were recorded for this call at this step.");let t=(r,s,n,a,o=!1)=>{let d=tt(e.estimated,r,n);return l("div",{class:"mv-stat"+(o?" is-warn":""),title:d===n?a:`${a}, estimated from a subset of the values`},l("div",{class:"mv-stat-label"},s),l("div",{class:"mv-stat-value mv-mono"},d))};return l("div",{class:"mv-stats",testid:"activation-stats"},t("mean","mean",T(e.mean),"Mean of the finite values"),t("std","std",T(e.std),"Standard deviation of the finite values"),t("min","min",T(e.min),"Smallest finite value"),t("max","max",T(e.max),"Largest finite value"),t("absmax","|max|",T(e.absmax),"Largest magnitude"),t("zeros","zeros",se(e.zeros),"Fraction of exact zeros",(e.zeros??0)>.9),t("nan","NaN",D(e.nan),"Count of NaN values",e.nan>0),t("inf","Inf",D(e.inf),"Count of infinite values",e.inf>0),t("numel","values",H(e.numel),`${D(e.numel)} values in the whole output`))}histogramCard(e){let t=l("div",{class:"mv-card"}),r=e?.hist?.counts??[],s=r.reduce((o,d)=>o+d,0),n=s>0&&Math.max(...r)>.5*s,a=()=>{let o=this.logHistogram??n,d=l("label",{class:"mv-check",title:"Logarithmic counts: shows the tails next to a spike"},l("input",{testid:"histogram-log",attrs:{type:"checkbox",checked:o},on:{change:p=>{this.logHistogram=p.target.checked,a()}}}),"log");b(t,l("h3",{},"Histogram",l("span",{class:"mv-card-note"},d)),e?.hist&&r.length?Lr(e.hist,o):l("p",{class:"mv-muted"},"No histogram recorded."))};return a(),t}parametersCard(e,t){let r=e.param_names??[];if(r.length===0)return null;let n=l("tr",{},...[["parameter","Qualified parameter name"],["mean","Mean of the weights"],["std","Standard deviation of the weights"],["norm","L2 norm of the weights"],["grad norm","L2 norm of the gradient when the step was recorded"],["update","Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"]].map(([o,d],p)=>l("th",{class:p?"is-numeric":"",title:d},o))),a=r.map(o=>{let d=t.params[o],p=t.grads[o],h=t.updates?.[o];return l("tr",{},l("td",{class:"mv-mono"},o),l("td",{class:"is-numeric"},T(d?.mean)),l("td",{class:"is-numeric"},T(d?.std)),l("td",{class:"is-numeric"},T(d?.norm)),l("td",{class:"is-numeric"+(p?"":" is-muted"),title:p?void 0:"No gradient was set when this step was recorded"},p?T(p.norm):"–"),l("td",{class:"is-numeric"+(h==null?" is-muted":""),title:h===void 0?"Not tracked (first recorded step, or update tracking off)":void 0},T(h)))});return l("div",{class:"mv-card"},l("h3",{},"Parameters"),l("table",{class:"mv-table mv-compact"},l("thead",{},n),l("tbody",{},...a)))}};function I(i){return i.name||i.type||"(model)"}function Nr(i,e=i,t){let r=i.lastIndexOf(".",i.length-2),s=r>0?i.slice(0,r+1):"",n=r>0?i.slice(r+1):i;return l("span",{class:"mv-elide mv-mono",title:e,testid:t,attrs:{"aria-label":i}},s?l("span",{class:"mv-elide-head"},l("bdi",{},s)):null,l("span",{class:"mv-elide-tail"},n))}var Pi={nonfinite:"NaN / Inf",exploding:"exploding",vanishing:"vanishing",dead:"dead units",saturated:"saturated",not_learning:"not learning",lr_too_high:"learning rate too high"},Vi=[["NaN / Inf","the first step and layer where a non-finite value appears"],["dead units","ReLU outputs that are at least 90 % zeros"],["saturated","tanh/sigmoid outputs mostly at their bounds"],["exploding / vanishing","output or gradient norms that jump 100× between logged steps, or early layers' gradients 1000× off the last layer's"],["not learning","trainable layers whose weights stop changing while others train"],["learning rate too high","weights that change by more than 10 % of their size per step"]];function xe(i){return Pi[i]??i}var lt=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"body");this.body=l("div",{class:"mv-alerts-body",testid:"alerts-view"}),this.element=l("section",{class:"mv-view mv-alerts"},this.body)}showLoading(){b(this.body,l("p",{class:"mv-muted"},"Checking every logged step…"))}showError(e){b(this.body,l("p",{class:"mv-error-text",testid:"alerts-error"},e))}setAlerts(e,t){let r=l("details",{class:"mv-alert-checks"},l("summary",{},"What is checked"),l("ul",{},...Vi.map(([a,o])=>l("li",{},l("strong",{},a),": ",o)))),s=`${e.steps.length} logged step${e.steps.length===1?"":"s"} of “${t}”`,n=e.unreadable.length?l("p",{class:"mv-muted"},`${e.unreadable.length} damaged step(s) could not be read and were left out: ${e.unreadable.map(a=>a.step).join(", ")}.`):null;if(e.alerts.length===0){b(this.body,l("div",{class:"mv-alerts-ok",testid:"alerts-none"},l("h2",{},"No problems found"),l("p",{class:"mv-muted"},`Checked ${s}.`)),n,r);return}b(this.body,l("h2",{class:"mv-alerts-title"},`${e.alerts.length} problem${e.alerts.length===1?"":"s"} found in ${s}`),l("p",{class:"mv-muted"},"Each starts at the layer and step shown; click one to open that layer at that step in Trends."),l("ol",{class:"mv-alert-list"},...e.alerts.map(a=>this.item(a))),n,r)}item(e){return l("li",{},l("button",{class:"mv-alert",testid:"alert-item",dataset:{kind:e.kind,layer:e.layer,step:String(e.step)},attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(e)}},l("div",{class:"mv-alert-head"},l("span",{class:"mv-alert-kind",dataset:{kind:e.kind}},xe(e.kind)),l("span",{class:"mv-mono mv-alert-layer"},I(e)),e.type?l("span",{class:"mv-muted"},e.type):null,l("span",{class:"mv-spacer"}),l("span",{class:"mv-alert-step"},`from step ${e.step}`)),l("div",{class:"mv-alert-message"},e.message)),X(e.layer))}},dt=class{constructor(e){c(this,"handlers",e);c(this,"element");this.element=l("div",{class:"mv-alert-strip",testid:"alert-strip",attrs:{role:"alert"}}),this.element.hidden=!0}setAlerts(e){if(!e||e.length===0){this.element.hidden=!0,b(this.element);return}let t=e[0];this.element.hidden=!1,b(this.element,l("span",{class:"mv-alert-icon",attrs:{"aria-hidden":"true"}},"!"),l("button",{class:"mv-alert-strip-text",title:t.message,attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(t)}},l("span",{class:"mv-alert-kind",dataset:{kind:t.kind}},xe(t.kind)),l("span",{},t.message)),e.length>1?l("button",{class:"mv-link-button",testid:"alert-strip-more",attrs:{type:"button"},on:{click:()=>this.handlers.onShowAll()}},`all ${e.length} alerts`):null)}};function B(i){return i.kind==="root"||i.kind==="module"||i.kind==="repeat"}function Bi(i){let e=2166136261,t=1523705862;for(let r=0;r<i.length;r++){let s=i.charCodeAt(r);e=Math.imul(e^s,16777619),t=Math.imul(t^s,1540483477)^t>>>15}return(e>>>0).toString(36)+"."+(t>>>0).toString(36)}function Ft(i){return i===null?"?":i.join("x")}function Gi(i){let e=new Array(i.nodes.length),t=new Array(i.nodes.length),r=s=>{let n=i.nodes[s],a=[n.type],o=[];for(let h of n.children){let u=i.nodes[h];u.kind==="module"?(r(h),a.push("M"+e[h]),o.push(...t[h])):(a.push(u.kind==="op"?`O${u.op}${u.inplace?"!":""}`:u.kind),o.push(h))}let d=new Map;o.forEach((h,u)=>d.set(h,u));let p=new Set;o.forEach((h,u)=>{for(let m of i.outEdges[h]){let f=i.edges[m],g=d.get(f.dst);p.add(g===void 0?`out${u}:${Ft(f.shape)}`:`${u}>${g}:${Ft(f.shape)}`)}for(let m of i.inEdges[h]){let f=i.edges[m];d.has(f.src)||p.add(`in${u}:${Ft(f.shape)}`)}}),e[s]=Bi(a.join("|")+"#"+[...p].sort().join(",")),t[s]=o};for(let s of i.roots)i.nodes[s].kind==="module"&&r(s);return e}function Ar(i){let e=Gi(i),t=new Map,r=new Array(i.nodes.length),s=(m,f,g,v)=>{let y={id:m,kind:f,graphId:g,parent:v,children:[]};return t.set(m,y),g!==null&&(r[g]=y),y},n=new Map,a=(m,f)=>{for(let[g,v]of n)if(v===m){for(let y of i.outEdges[g])if(n.get(i.edges[y].dst)===f)return!0}return!1},o=(m,f)=>{for(let g of i.nodes[f].children)i.nodes[g].kind==="module"?o(m,g):n.set(g,m)},d=(m,f)=>{let g=i.nodes[m],v=i.nodes[f];return g.kind!=="module"||v.kind!=="module"||g.type!==v.type||e[m]!==e[f]?!1:(n.clear(),o(m,m),o(f,f),a(m,f))},p=(m,f)=>{let g=0;for(;g<f.length;){let v=g+1;for(;v<f.length&&d(f[v-1],f[v]);)v++;if(v-g>=2){let y=s(`r${f[g]}`,"repeat",null,m);for(let x=g;x<v;x++)y.children.push(h(y,f[x]));m.children.push(y)}else m.children.push(h(m,f[g]));g=v}},h=(m,f)=>{let g=i.nodes[f],v=s(`n${f}`,g.kind,f,m);return g.kind==="module"&&p(v,g.children),v},u=s("root","root",null,null);return p(u,i.roots),{root:u,byId:t,byGraphId:r}}var Ii=50;function $r(i){return i.kind==="module"&&i.children.some(B)}function jt(i,e=Ii){let t=new Set(["root"]),r=i.root.children.length,s=i.root.children.filter($r);for(;s.length>0;){let n=[];for(let a of s){let o=a.children.length-1;r+o>e||(r+=o,t.add(a.id),n.push(...a.children.filter($r)))}s=n}return t}function Ut(i,e){let t=!1;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(i.add(r.id),t=!0);return t}function Rr(i){return[...i].sort().join(",")}function ct(i,e){let t=e;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(t=r);return t}function Hr(i,e){let t=r=>B(r)&&r.children.length>0&&(r.kind==="root"||e.has(r.id))?r.children.reduce((s,n)=>s+t(n),0):1;return t(i.root)}function Or(i,e,t,r){if(t.width<=0||t.height<=0)throw new Error("There is no drawn graph to export yet.");let s=Math.ceil(t.width+32),n=Math.ceil(t.height+32),a=i.cloneNode(!1);a.setAttribute("xmlns","http://www.w3.org/2000/svg"),a.setAttribute("width",String(s)),a.setAttribute("height",String(n)),a.setAttribute("viewBox",`0 0 ${s} ${n}`),a.removeAttribute("style");let o=document.createElementNS("http://www.w3.org/2000/svg","rect");o.setAttribute("width",String(s)),o.setAttribute("height",String(n)),o.setAttribute("fill",r),a.appendChild(o);let d=e.cloneNode(!0);return d.setAttribute("transform","translate(16,16)"),a.appendChild(d),new XMLSerializer().serializeToString(a)}async function Dr(i,e=2){let t=/width="(\d+)" height="(\d+)"/.exec(i.slice(0,2e3));if(t===null)throw new Error("The exported SVG has no size.");let r=Number(t[1]),s=Number(t[2]),n=Math.min(e,16e3/r,16e3/s,Math.sqrt(64e6/(r*s))),a=URL.createObjectURL(new Blob([i],{type:"image/svg+xml"}));try{let o=new Image;o.decoding="async",await new Promise((h,u)=>{o.onload=()=>h(),o.onerror=()=>u(new Error("The browser could not render the graph as an image.")),o.src=a});let d=document.createElement("canvas");d.width=Math.max(1,Math.floor(r*n)),d.height=Math.max(1,Math.floor(s*n));let p=d.getContext("2d");if(p===null)throw new Error("No 2-D canvas is available for the PNG export.");return p.scale(n,n),p.drawImage(o,0,0,r,s),await new Promise((h,u)=>{d.toBlob(m=>m?h(m):u(new Error("The PNG could not be encoded (graph too large?).")),"image/png")})}finally{URL.revokeObjectURL(a)}}var Ve='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',Wt='ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',M={titleSize:12,subtitleSize:10,opSize:11,edgeLabelSize:10,padX:10,toggleSpace:22,toggleRadius:7,moduleHeight:38,opHeight:24,ioHeight:34,frameHeader:26,framePad:12,minBoxWidth:48,maxTextWidth:240};function _r(){let i=new Map,e=null;try{e=typeof document<"u"?document.createElement("canvas").getContext("2d"):null}catch{e=null}return(t,r,s={})=>{let n=`${r}|${s.bold?1:0}|${s.mono?1:0}|${t}`,a=i.get(n);return a===void 0&&(e!==null?(e.font=`${s.bold?"600 ":""}${r}px ${s.mono?Wt:Ve}`,a=e.measureText(t).width):a=t.length*r*(s.mono?.62:.58),i.set(n,a)),a}}var Be=class extends Error{constructor(){super("A newer layout request replaced this one."),this.name="LayoutSuperseded"}},zi=40,pt=class{constructor(e){c(this,"worker",null);c(this,"cache",new Map);c(this,"running",null);c(this,"waiting",null);c(this,"nextId",1);c(this,"failure",null);try{this.worker=new Worker(e),this.worker.onmessage=t=>this.finish(t.data),this.worker.onerror=t=>{t.preventDefault(),this.fail(`The layout worker failed (${e}): ${t.message||"it could not be loaded"}.`)}}catch(t){this.failure=`The layout worker could not be started from ${e}: ${t instanceof Error?t.message:String(t)}`}}cached(e){let t=this.cache.get(e);return t!==void 0&&(this.cache.delete(e),this.cache.set(e,t)),t}layout(e,t){let r=this.cached(e);return r!==void 0?Promise.resolve(r):this.failure!==null?Promise.reject(new Error(this.failure)):new Promise((s,n)=>{this.waiting?.reject(new Be),this.waiting={key:e,graph:t,resolve:s,reject:n},this.startNext()})}clearCache(){this.cache.clear()}destroy(){this.worker?.terminate(),this.fail("The graph view was closed.")}startNext(){if(this.running!==null||this.waiting===null||this.worker===null)return;let e=this.waiting;this.waiting=null;let t=this.cached(e.key);if(t!==void 0){e.resolve(t);return}this.running={...e,id:this.nextId++};let r={id:this.running.id,graph:e.graph};this.worker.postMessage(r)}finish(e){let t=this.running;if(!(t===null||t.id!==e.id)){if(this.running=null,e.ok){for(this.cache.set(t.key,e.graph);this.cache.size>zi;)this.cache.delete(this.cache.keys().next().value);t.resolve(e.graph)}else t.reject(new Error(e.message));this.startNext()}}fail(e){this.failure=e;let t=new Error(e);this.running?.reject(t),this.waiting?.reject(t),this.running=null,this.waiting=null}};function ne(i){return i==null?"?":i.length===0?"scalar":i.join("×")}function ee(i){if(i==null||!Number.isFinite(i))return"–";let e=Math.abs(i),t=[[1e12,"T"],[1e9,"G"],[1e6,"M"],[1e3,"k"]];for(let[r,s]of t)if(e>=r)return`${Ge((i/r).toPrecision(3))}${s}`;return Number.isInteger(i)?String(i):Ge(i.toPrecision(3))}function Kt(i){if(i==null||!Number.isFinite(i))return"–";let e=["B","KiB","MiB","GiB","TiB"],t=i,r=0;for(;Math.abs(t)>=1024&&r<e.length-1;)t/=1024,r++;return`${r===0?t:Ge(t.toPrecision(3))} ${e[r]}`}function ae(i){if(i==null)return"–";if(typeof i!="number"||!Number.isFinite(i))return String(i);if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(3):Ge(i.toPrecision(4))}function Pr(i){return typeof i!="number"||!Number.isFinite(i)?"–":`${Ge((i*100).toPrecision(3))}%`}function Ge(i){return i.includes("e")||!i.includes(".")?i:i.replace(/\.?0+$/,"")}function mt(i){let e=i.split("."),t=e[e.length-1];return/^\d+$/.test(t)&&e.length>1?`${e[e.length-2]}.${t}`:t}function ht(i,e){let t=i.nodes[e],r=t.name===""?t.type||i.modelType||"model":mt(t.name);return t.call>0?`${r} #${t.call}`:r}function ut(i,e){let t=e.children[0],r=e.children[e.children.length-1];return`${ht(i,t.graphId)} … ${ht(i,r.graphId)}`}function gt(i,e){return`${i.nodes[e.children[0].graphId].type} ×${e.children.length}`}function Ie(i,e){if(e.kind==="repeat"){let r=ut(i,e),s=gt(i,e);return{title:r,subtitle:s,tooltip:`${s} blocks ${r} with identical structure`}}let t=i.nodes[e.graphId];switch(t.kind){case"module":{let r=ht(i,t.id),s=t.name===""?"model":t.type;return{title:r,subtitle:s,tooltip:`${t.name||"(model)"} : ${t.type}  [${t.layer}]`}}case"op":{let r=t.flops?`, ${ee(t.flops)} FLOPs`:"";return{title:t.op||t.label||"op",subtitle:"",tooltip:`${t.op}${r}`}}default:{let r=`${ne(t.shape)} ${t.dtype}`.trim(),s=t.name||t.label||t.kind;return{title:s,subtitle:r,tooltip:`${t.kind} ${s}: ${r}`}}}}function Vr(i,e){if(e.kind==="repeat")return`${ut(i,e)} · ${gt(i,e)}`;let t=i.nodes[e.graphId],r=ht(i,t.id);return t.name===""?r:`${r} · ${t.type}`}function Br(i,e){let t=ne(i.edges[e[0]].shape),r=new Set(e.map(s=>i.edges[s].src)).size;return r>1?`${t} +${r-1}`:t}function ze(i,e){return e.kind==="root"||B(e)&&e.children.length>0&&i.has(e.id)}function Gr(i,e,t){let r=[],s=new Array(i.nodes.length),n=(p,h)=>{p.graphId!==null&&!B(p)&&(s[p.graphId]=h);for(let u of p.children)n(u,h)},a=p=>{if(ze(t,p))for(let h of p.children)a(h);else r.push(p),n(p,p)};a(e.root);let o=new Map,d=[];return i.edges.forEach((p,h)=>{let u=s[p.src],m=s[p.dst];if(u===void 0||m===void 0||u===m)return;let f=`e${u.id}-${m.id}`,g=o.get(f);g===void 0&&(g={id:f,src:u,dst:m,edges:[]},o.set(f,g),d.push(g)),g.edges.push(h)}),{boxes:r,edges:d,boxOfLeaf:s}}var Fi={"elk.algorithm":"layered","elk.direction":"DOWN","elk.hierarchyHandling":"INCLUDE_CHILDREN","elk.json.shapeCoords":"ROOT","elk.json.edgeCoords":"ROOT","elk.edgeRouting":"ORTHOGONAL","elk.edgeLabels.placement":"CENTER","elk.spacing.nodeNode":"16","elk.spacing.edgeNode":"10","elk.spacing.edgeEdge":"8","elk.spacing.edgeLabel":"2","elk.layered.spacing.nodeNodeBetweenLayers":"22","elk.layered.spacing.edgeNodeBetweenLayers":"10","elk.layered.considerModelOrder.strategy":"NODES_AND_EDGES","elk.layered.thoroughness":"4","elk.padding":"[top=16,left=16,bottom=16,right=16]"};function ji(i,e,t){let r=Ie(i,e);if(e.kind==="op"){let d=Math.min(M.maxTextWidth,t(r.title,M.opSize))+2*M.padX;return{width:Math.max(M.minBoxWidth,Math.ceil(d)),height:M.opHeight}}let s=Math.min(M.maxTextWidth,Math.max(t(r.title,M.titleSize,{bold:!0}),t(r.subtitle,M.subtitleSize))),n=B(e)&&e.children.length>0?M.toggleSpace:0,a=Math.ceil(s+2*M.padX+n),o=e.kind==="input"||e.kind==="output"?M.ioHeight:M.moduleHeight;return{width:Math.max(M.minBoxWidth,a),height:o}}function Ir(i,e,t,r,s){let n=M.framePad,a=p=>ze(t,p)?{id:p.id,layoutOptions:{"elk.padding":`[top=${M.frameHeader+n/2},left=${n},bottom=${n},right=${n}]`},children:p.children.map(a)}:{id:p.id,...ji(i,p,s)},o=M.edgeLabelSize+3,d=r.edges.map(p=>{let h=Br(i,p.edges);return{id:p.id,sources:[p.src.id],targets:[p.dst.id],labels:[{text:h,width:Math.ceil(s(h,M.edgeLabelSize,{mono:!0}))+4,height:o}]}});return{id:"root",layoutOptions:Fi,children:e.root.children.map(a),edges:d}}var O=class extends Error{constructor(e){super(e),this.name="StructureError"}},Ui=new Set(["module","op","input","output"]);function Fe(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function qt(i,e){return Number.isInteger(i)&&i>=0&&i<e}function Y(i){return typeof i=="string"?i:""}function zr(i){return Array.isArray(i)&&i.every(e=>typeof e=="number"&&Number.isFinite(e))?i:null}function Wi(i,e){if(!Fe(i))throw new O(`Graph node ${e} is not an object.`);if(i.id!==e)throw new O(`Graph node ${e} has id ${String(i.id)}; ids must equal positions.`);if(typeof i.kind!="string"||!Ui.has(i.kind))throw new O(`Graph node ${e} has unknown kind ${JSON.stringify(i.kind)}.`);if(i.parent!==null&&i.parent!==void 0&&!Number.isInteger(i.parent))throw new O(`Graph node ${e} has a parent that is not a node id.`);let t=i.kind;if(t==="module"&&typeof i.layer!="string")throw new O(`Module node ${e} has no layer key.`);return{id:e,kind:t,parent:i.parent??null,label:Y(i.label),name:Y(i.name),type:Y(i.type),layer:t==="module"?i.layer:null,call:Number.isInteger(i.call)?i.call:0,op:Y(i.op),flops:typeof i.flops=="number"?i.flops:null,inplace:i.inplace===!0,shape:zr(i.shape),dtype:Y(i.dtype),children:[]}}function Ki(i){let e=new Uint8Array(i.length);for(let t of i){let r=[],s=t.id;for(;s!==null&&e[s]===0;){e[s]=1,r.push(s);let n=i[s].parent;if(n!==null){if(!qt(n,i.length))throw new O(`Graph node ${s} has parent ${n}, which does not exist.`);if(i[n].kind!=="module")throw new O(`Graph node ${s} has parent ${n}, which is not a module.`);if(e[n]===1)throw new O(`The module nesting of graph node ${s} forms a cycle.`)}s=n}for(let n of r)e[n]=2}}function qi(i,e,t){if(!Fe(i))throw new O(`Graph edge ${e} is not an object.`);for(let r of["src","dst"]){let s=i[r];if(!qt(s,t.length))throw new O(`Graph edge ${e} has ${r} ${String(s)}, which is not a node id.`);if(t[s].kind==="module")throw new O(`Graph edge ${e} ends at module node ${s}; edges join ops, inputs and outputs.`)}return{src:i.src,dst:i.dst,shape:zr(i.shape),dtype:Y(i.dtype)}}function Xi(i,e){if(i===void 0)return new Map;if(!Array.isArray(i))throw new O('The layer table ("layers") is not a list.');let t=new Map;return i.forEach((r,s)=>{if(!Fe(r)||typeof r.key!="string")throw new O(`Layer table row ${s} has no key.`);if(r.node!==null&&r.node!==void 0&&!qt(r.node,e.length))throw new O(`Layer table row ${r.key} points at node ${String(r.node)}, which does not exist.`);t.set(r.key,{...r,key:r.key,node:r.node??null,name:Y(r.name),type:Y(r.type)})}),t}function Fr(i){if(!Fe(i))throw new O("The structure document is not a JSON object.");if(!Array.isArray(i.nodes))throw new O('The structure document has no "nodes" list.');if(!Array.isArray(i.edges))throw new O('The structure document has no "edges" list.');let e=i.nodes.map(Wi);Ki(e);let t=[];for(let o of e)o.parent===null?t.push(o.id):e[o.parent].children.push(o.id);let r=i.edges.map((o,d)=>qi(o,d,e)),s=e.map(()=>[]),n=e.map(()=>[]);r.forEach((o,d)=>{n[o.src].push(d),s[o.dst].push(d)});let a=new Map;for(let o of e)o.layer!==null&&a.set(o.layer,o.id);return{hash:Y(i.hash),modelType:Y(i.model_type),nodes:e,edges:r,roots:t,inEdges:s,outEdges:n,layers:Xi(i.layers,e),nodeByLayer:a,totals:Fe(i.totals)?i.totals:{}}}function we(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function $(i,e,t){let r=document.createElement(i);return t!==void 0&&(r.textContent=t),e.appendChild(r),r}function jr(i){return!Array.isArray(i)||i.length===0?"–":i.map(e=>Array.isArray(e)?ne(e):String(e)).join(", ")}var ft=class{constructor(e,t){c(this,"actions",e);c(this,"element");c(this,"node",null);c(this,"model",null);c(this,"step",null);c(this,"theme");c(this,"generation",0);this.theme=t,this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-panel"),Object.assign(this.element.style,{width:"300px",flex:"0 0 300px",overflowY:"auto",boxSizing:"border-box",padding:"10px 12px",fontSize:"12px",lineHeight:"1.4",display:"none"}),this.applyTheme()}show(e,t){this.model=e,this.node=t,this.redraw()}setStep(e){this.step=e,this.redraw()}setTheme(e){this.theme=e,this.applyTheme(),this.redraw()}applyTheme(){Object.assign(this.element.style,{background:this.theme.panelBackground,color:this.theme.text,borderLeft:`1px solid ${this.theme.panelBorder}`})}redraw(){this.generation++,this.element.replaceChildren();let{node:e,model:t}=this;if(e===null||t===null){this.element.style.display="none";return}this.element.style.display="block",e.kind==="repeat"?this.drawRepeat(t,e):e.kind==="module"?this.drawModule(t,e):e.kind==="op"?this.drawOp(t,e):this.drawEndpoint(t,e)}header(e,t){let r=$("div",this.element);Object.assign(r.style,{display:"flex",alignItems:"flex-start",gap:"8px",marginBottom:"8px"});let s=$("div",r);s.style.flex="1",s.style.minWidth="0";let n=$("div",s,e);Object.assign(n.style,{fontWeight:"600",fontSize:"14px",wordBreak:"break-all"}),n.setAttribute("data-testid","graph-panel-title");let a=$("div",s,t);a.style.color=this.theme.mutedText;let o=$("button",r,"×");o.title="Close",o.setAttribute("aria-label","Close"),this.styleButton(o),o.addEventListener("click",()=>this.actions.close())}styleButton(e){Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",font:"inherit"})}section(e){let t=$("div",this.element,e);return Object.assign(t.style,{marginTop:"12px",marginBottom:"4px",fontWeight:"600",color:this.theme.mutedText,textTransform:"uppercase",fontSize:"10px",letterSpacing:"0.05em"}),$("div",this.element)}table(e,t){let r=$("table",e);Object.assign(r.style,{borderCollapse:"collapse",width:"100%"});for(let[s,n]of t){let a=$("tr",r),o=$("td",a,s);Object.assign(o.style,{color:this.theme.mutedText,padding:"1px 8px 1px 0",verticalAlign:"top",whiteSpace:"nowrap"});let d=$("td",a,n);Object.assign(d.style,{padding:"1px 0",wordBreak:"break-all"})}}drawModule(e,t){let r=e.nodes[t.graphId],s=r.layer,n=e.layers.get(s);this.header(r.name===""?r.type||e.modelType:mt(r.name),r.type);let a=[["name",r.name||"(model)"],["key",s],["type",r.type]];if(n!==void 0&&typeof n.calls=="number"&&n.calls>1&&a.push(["call",`${r.call+1} of ${n.calls}`]),this.table(this.section("Module"),a),n!==void 0){let d=[["inputs",jr(n.input_shapes)],["outputs",jr(n.output_shapes)]];this.table(this.section("Shapes"),d);let p=[["parameters",ee(n.params_total)],["own parameters",ee(n.params)]];if(typeof n.frozen=="number"&&n.frozen>0&&p.push(["frozen",ee(n.frozen)]),we(n.param_bytes)){let h=Object.values(n.param_bytes).reduce((u,m)=>u+(typeof m=="number"?m:0),0);p.push(["parameter bytes",Kt(h)])}if(p.push(["FLOPs",ee(n.flops)]),typeof n.output_bytes=="number"&&p.push(["output bytes",Kt(n.output_bytes)]),this.table(this.section("Size"),p),typeof n.extra=="string"&&n.extra!==""){let h=$("div",this.section("Configuration"),n.extra);Object.assign(h.style,{fontFamily:"monospace",whiteSpace:"pre-wrap",wordBreak:"break-all"})}}let o=$("button",this.element,"Open activations");o.setAttribute("data-testid","graph-open-activations"),this.styleButton(o),o.style.marginTop="12px",o.addEventListener("click",()=>this.actions.openActivations(s)),this.drawThumbnail(s),this.drawStats(s)}drawThumbnail(e){let t=we(this.step)&&we(this.step.samples)?this.step.samples:null;if(this.actions.renderThumbnail===void 0||t===null||!(e in t))return;let r=this.section("Activation sample"),s=$("canvas",r);s.setAttribute("data-testid","graph-thumbnail"),Object.assign(s.style,{width:"100%",height:"auto",imageRendering:"pixelated",display:"block"});let n=$("div",r,"Loading…");n.style.color=this.theme.mutedText;let a=this.generation;this.actions.renderThumbnail(e,s).then(()=>{a===this.generation&&n.remove()},o=>{a===this.generation&&(s.remove(),n.textContent=`No thumbnail: ${o instanceof Error?o.message:String(o)}`)})}drawStats(e){if(!we(this.step))return;let t=this.section("Output at this step"),s=(we(this.step.activations)?this.step.activations:{})[e];if(!we(s)){$("div",t,"Not recorded at this step.").style.color=this.theme.mutedText;return}let n=s,a=(o,d)=>tt(n.estimated,o,d);this.table(t,[["values",ee(n.numel)],["mean",a("mean",ae(n.mean))],["std",a("std",ae(n.std))],["min",a("min",ae(n.min))],["max",a("max",ae(n.max))],["|max|",a("absmax",ae(n.absmax))],["zeros",a("zeros",Pr(n.zeros))],["NaN / inf",`${a("nan",String(n.nan??0))} / ${a("inf",String(n.inf??0))}`]]),n.hist!==void 0&&Array.isArray(n.hist.counts)&&n.hist.counts.length>0&&this.drawHistogram(t,n.hist)}drawHistogram(e,t){let n="http://www.w3.org/2000/svg",a=document.createElementNS(n,"svg");a.setAttribute("width",String(260)),a.setAttribute("height",String(48)),a.setAttribute("data-testid","graph-histogram"),a.style.display="block",a.style.marginTop="6px";let o=t.counts.map(u=>typeof u=="number"&&u>0?u:0),d=Math.max(1,...o),p=260/o.length;o.forEach((u,m)=>{let f=u/d*46,g=document.createElementNS(n,"rect");g.setAttribute("x",String(m*p)),g.setAttribute("y",String(48-f)),g.setAttribute("width",String(Math.max(1,p-1))),g.setAttribute("height",String(f)),g.setAttribute("fill",this.theme.moduleStroke),a.appendChild(g)}),e.appendChild(a);let h=$("div",e);Object.assign(h.style,{display:"flex",justifyContent:"space-between",color:this.theme.mutedText,width:"260px"}),$("span",h,ae(t.lo)),$("span",h,ae(t.hi))}drawRepeat(e,t){this.header(ut(e,t),gt(e,t));let r=$("div",this.element,`${t.children.length} consecutive blocks with identical structure. Select one:`);r.style.color=this.theme.mutedText;let s=$("div",this.element);Object.assign(s.style,{display:"flex",flexWrap:"wrap",gap:"4px",marginTop:"6px"});for(let n of t.children){let a=e.nodes[n.graphId],o=$("button",s,mt(a.name)||a.type);o.title=a.layer??"",this.styleButton(o),o.addEventListener("click",()=>this.actions.selectNode(n))}}drawOp(e,t){let r=e.nodes[t.graphId];this.header(r.op||r.label,"operator");let s=e.inEdges[r.id].map(d=>ne(e.edges[d].shape)),n=e.outEdges[r.id].map(d=>ne(e.edges[d].shape)),a=r.parent===null?null:e.nodes[r.parent],o=[["inputs",s.length>0?s.join(", "):"–"],["outputs",n.length>0?[...new Set(n)].join(", "):"–"],["FLOPs",ee(r.flops)],["in place",r.inplace?"yes":"no"]];a!==null&&o.push(["in module",a.layer??a.name]),this.table(this.section("Operator"),o)}drawEndpoint(e,t){let r=e.nodes[t.graphId];this.header(r.name||r.label,r.kind==="input"?"model input":"model output"),this.table(this.section("Tensor"),[["shape",ne(r.shape)],["dtype",r.dtype||"–"]])}};function Xt(i,e,t){if(e.graphId===null)return;let r=i.nodes[e.graphId];return r.kind==="op"?t.ops?.get(e.graphId):r.layer!==null?t.values.get(r.layer):void 0}function Yi(i,e,t){if(e.kind!=="repeat")return Xt(i,e,t);let r;for(let s of e.children){let n=Xt(i,s,t);n===void 0||!Number.isFinite(n)||(r===void 0?r=n:t.combine==="sum"?r+=n:t.combine==="max"?r=Math.max(r,n):Math.abs(n)>Math.abs(r)&&(r=n))}return r}function Ur(i,e,t,r){let s=new Map;for(let n of e.byId.values()){if(!r(n.id))continue;let a=Yi(i,n,t);if(a===void 0||!Number.isFinite(a))continue;if(n.kind!=="repeat"){s.set(n.id,{fill:t.color(a),note:`${t.label}: ${t.format(a)}`});continue}let o=n.children.map(u=>Xt(i,u,t)).filter(u=>u!==void 0&&Number.isFinite(u)),d=o[0],p=o[o.length-1],h=t.combine==="sum"?`total ${t.format(a)}, `:"";s.set(n.id,{fill:t.color(a),stops:o.length>1?o.map(u=>t.color(u)):void 0,note:`${t.label} of the ${n.children.length} blocks: ${h}first ${t.format(d)}, last ${t.format(p)}`})}return s}function Wr(i,e,t,r,s){let n=new Map;for(let[a,o]of r){let d=i.nodeByLayer.get(a);if(d===void 0)continue;let p=e.byGraphId[d];if(p===void 0)continue;let h=ct(t,p);if(!s(h.id))continue;let u=n.get(h.id);u?(u.count+=1,u.text+=`
`+o.text):n.set(h.id,{count:1,text:o.text,layer:a})}return n}var Zi="http://www.w3.org/2000/svg";function C(i,e={},t){let r=document.createElementNS(Zi,i);for(let[s,n]of Object.entries(e))r.setAttribute(s,String(n));return t?.appendChild(r),r}function Se(i,e,t){let r=C("text",t,i);return r.textContent=e,r}var Ji=0,vt=class{constructor(e){c(this,"measure",e);c(this,"svg");c(this,"viewport");c(this,"markerId",`mvz-arrow-${++Ji}`);c(this,"drawn",new Map);c(this,"rects",new Map);c(this,"size",{width:0,height:0});c(this,"fills",new Map);c(this,"paints",new Map);c(this,"gradientDefs",null);c(this,"badgeLayer",null);this.svg=C("svg",{"data-testid":"graph-svg",width:"100%",height:"100%"}),this.svg.style.display="block",this.svg.style.userSelect="none",this.viewport=C("g",{"data-role":"viewport"},this.svg)}get bounds(){return this.size}rectOf(e){return this.rects.get(e)}isDrawn(e){return this.drawn.has(e)}clear(){this.viewport.replaceChildren(),this.drawn.clear(),this.rects.clear(),this.badgeLayer=null,this.gradientDefs=null,this.size={width:0,height:0}}setFills(e){this.fills=e,this.paints.clear(),this.gradientDefs?.remove(),this.gradientDefs=C("defs",{"data-role":"overlay-gradients"},this.viewport);let t=0;for(let[r,s]of e){if(!s.stops){this.paints.set(r,s.fill);continue}let n=`${this.markerId}-g${t++}`,a=C("linearGradient",{id:n,x1:0,x2:1,y1:0,y2:0},this.gradientDefs);s.stops.forEach((o,d)=>{C("stop",{offset:s.stops.length>1?d/(s.stops.length-1):0,"stop-color":o},a)}),this.paints.set(r,`url(#${n})`)}for(let[r,s]of this.drawn){let n=s.open?void 0:e.get(r);s.title.textContent=n?`${s.tooltip}
${n.note}`:s.tooltip,s.group.toggleAttribute("data-overlay",n!==void 0)}}drawBadges(e,t){this.badgeLayer?.remove(),this.badgeLayer=C("g",{"data-role":"badges"},this.viewport);for(let[r,s]of e){let n=this.rects.get(r);if(n===void 0)continue;let a=C("g",{"data-testid":"graph-badge","data-id":r,"data-key":s.layer,transform:`translate(${ke(n.x+n.width-3)},${ke(n.y+3)})`},this.badgeLayer);C("circle",{r:8.5,fill:t.error,stroke:t.background,"stroke-width":1.5},a),Se(a,s.count>1?String(s.count):"!",{y:3.5,"text-anchor":"middle","font-size":10.5,"font-weight":700,fill:"#ffffff"}),C("title",{},a).textContent=s.text}}draw(e,t,r,s,n){this.clear(),this.size={width:s.width??0,height:s.height??0},this.svg.setAttribute("font-family",Ve);let a=C("defs",{},this.viewport),o=C("marker",{id:this.markerId,viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse",markerUnits:"userSpaceOnUse"},a);C("path",{d:"M0,0L10,5L0,10z",fill:n.edge},o);let d=C("g",{"data-role":"frames"},this.viewport),p=C("g",{"data-role":"edges"},this.viewport),h=C("g",{"data-role":"boxes"},this.viewport),u=m=>{let f=t.byId.get(m.id);if(f!==void 0){let g={x:m.x??0,y:m.y??0,width:m.width??0,height:m.height??0};this.rects.set(m.id,g);let y=ze(r,f)?this.drawFrame(e,f,g,n,d):this.drawBox(e,f,g,n,h);this.drawn.set(m.id,y)}m.children?.forEach(u)};s.children?.forEach(u);for(let m of s.edges??[])this.drawEdge(m,n,p)}highlight(e,t){for(let[r,s]of this.drawn){let n=qr(s,t),{fill:a,stroke:o}=n,d=s.open?void 0:this.fills.get(r);d!==void 0&&(a=this.paints.get(r)??d.fill);let p=d!==void 0?Qi(d.stops?.[0]??d.fill):null;s.texts.forEach((m,f)=>m.setAttribute("fill",p?p[f===0?0:1]:f===0||s.tree.kind==="op"?t.text:t.mutedText));let h=s.open?1:1.2,u=s.open&&s.tree.kind==="repeat"?"5 3":"";e.matches.has(r)?(s.open||(a=t.matchFill),o=t.matchStroke,h=2):e.hiding.has(r)&&(o=t.matchStroke,h=2,u="4 2"),e.selected===r&&(o=t.selected,h=2.5),s.shape.setAttribute("fill",a),s.shape.setAttribute("stroke",o),s.shape.setAttribute("stroke-width",String(h)),u?s.shape.setAttribute("stroke-dasharray",u):s.shape.removeAttribute("stroke-dasharray"),s.group.toggleAttribute("data-selected",e.selected===r),s.group.toggleAttribute("data-match",e.matches.has(r))}}nodeGroup(e,t,r,s,n){let a=C("g",{"data-testid":"graph-node","data-id":t.id,"data-kind":t.kind,transform:`translate(${r.x},${r.y})`},n);a.style.cursor="pointer",t.graphId!==null&&e.nodes[t.graphId].layer!==null&&a.setAttribute("data-key",e.nodes[t.graphId].layer),B(t)&&a.setAttribute("data-expanded",String(s)),t.kind==="repeat"&&a.setAttribute("data-count",String(t.children.length));let o=C("title",{},a);return o.textContent=Ie(e,t).tooltip,a}drawnNode(e,t,r,s,n){let a=t.querySelector("title");return{tree:e,group:t,shape:r,open:s,texts:n,title:a,tooltip:a.textContent??""}}drawFrame(e,t,r,s,n){let a=this.nodeGroup(e,t,r,!0,n),o=C("rect",{width:r.width,height:r.height,rx:8,"fill-opacity":s.frameFillOpacity,"pointer-events":"none"},a);C("rect",{width:r.width,height:M.frameHeader,fill:"#000","fill-opacity":0},a);let d=r.width-2*M.padX-M.toggleSpace;Se(a,this.fitText(Vr(e,t),d,M.titleSize,!0),{x:M.padX,y:M.frameHeader/2+5,"font-size":M.titleSize,"font-weight":600,fill:s.mutedText}),this.drawToggle(a,r.width-M.toggleSpace/2-4,M.frameHeader/2+1,!0,s);let p=this.drawnNode(t,a,o,!0,[]);return Kr(p,s),p}drawBox(e,t,r,s,n){let a=this.nodeGroup(e,t,r,!1,n),o=Ie(e,t);if(t.kind==="repeat")for(let g of[6,3])C("rect",{x:g,y:-g,width:r.width,height:r.height,rx:6,fill:s.repeatFill,stroke:s.repeatStroke,"stroke-width":1},a);let d=t.kind==="op"?r.height/2:t.kind==="input"||t.kind==="output"?12:6,p=C("rect",{width:r.width,height:r.height,rx:d},a),h=B(t)&&t.children.length>0,u=r.width-2*M.padX-(h?M.toggleSpace:0)+1,m=[];t.kind==="op"?m.push(Se(a,this.fitText(o.title,u,M.opSize,!1),{x:r.width/2,y:r.height/2+4,"text-anchor":"middle","font-size":M.opSize,fill:s.text})):(m.push(Se(a,this.fitText(o.title,u,M.titleSize,!0),{x:M.padX,y:16,"font-size":M.titleSize,"font-weight":600,fill:s.text})),m.push(Se(a,this.fitText(o.subtitle,u,M.subtitleSize,!1),{x:M.padX,y:t.kind==="input"||t.kind==="output"?28:30,"font-size":M.subtitleSize,fill:s.mutedText}))),h&&this.drawToggle(a,r.width-M.toggleSpace/2-2,r.height/2,!1,s);let f=this.drawnNode(t,a,p,!1,m);return Kr(f,s),f}fitText(e,t,r,s){if(this.measure(e,r,{bold:s})<=t)return e;let n=0,a=e.length;for(;n<a;){let o=Math.ceil((n+a)/2);this.measure(e.slice(0,o)+"…",r,{bold:s})<=t?n=o:a=o-1}return e.slice(0,n)+"…"}drawToggle(e,t,r,s,n){let a=C("g",{"data-testid":"graph-toggle","data-role":"toggle",transform:`translate(${t},${r})`},e);C("circle",{r:M.toggleRadius,fill:n.toggleFill,stroke:n.mutedText,"stroke-width":1},a),C("path",{d:s?"M-3.5,0H3.5":"M-3.5,0H3.5M0,-3.5V3.5",stroke:n.text,"stroke-width":1.4,"stroke-linecap":"round"},a);let o=C("title",{},a);o.textContent=s?"Collapse":"Expand"}drawEdge(e,t,r){let s=C("g",{"data-testid":"graph-edge","data-id":e.id,"data-src":e.sources[0],"data-dst":e.targets[0]},r);for(let n of e.sections??[]){let o=[n.startPoint,...n.bendPoints??[],n.endPoint].map((d,p)=>`${p===0?"M":"L"}${ke(d.x)},${ke(d.y)}`).join("");C("path",{d:o,fill:"none",stroke:t.edge,"stroke-width":1.2,"marker-end":`url(#${this.markerId})`},s)}for(let n of e.labels??[])s.setAttribute("data-label",n.text),Se(s,n.text,{x:ke((n.x??0)+2),y:ke((n.y??0)+n.height-3),"font-family":Wt,"font-size":M.edgeLabelSize,fill:t.edgeLabel,stroke:t.background,"stroke-width":3,"paint-order":"stroke","stroke-linejoin":"round"})}};function ke(i){return Math.round(i*10)/10}function Qi(i){let e=null,t=/^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(i);if(t?e=[Number(t[1]),Number(t[2]),Number(t[3])]:/^#[0-9a-f]{6}$/i.test(i)&&(e=[1,3,5].map(o=>parseInt(i.slice(o,o+2),16))),e===null)return["#1f2430","#3d4452"];let[r,s,n]=e.map(o=>{let d=o/255;return d<=.03928?d/12.92:((d+.055)/1.055)**2.4});return .2126*r+.7152*s+.0722*n>.22?["#111418","#2c323c"]:["#ffffff","#e4e8ee"]}function qr(i,e){if(i.open)return{fill:e.frameFill,stroke:e.frameStroke};switch(i.tree.kind){case"repeat":return{fill:e.repeatFill,stroke:e.repeatStroke};case"op":return{fill:e.opFill,stroke:e.opStroke};case"input":case"output":return{fill:e.ioFill,stroke:e.ioStroke};default:return{fill:e.moduleFill,stroke:e.moduleStroke}}}function Kr(i,e){let{fill:t,stroke:r}=qr(i,e);i.shape.setAttribute("fill",t),i.shape.setAttribute("stroke",r),i.shape.setAttribute("stroke-width",i.open?"1":"1.2"),i.open&&i.tree.kind==="repeat"&&i.shape.setAttribute("stroke-dasharray","5 3")}function es(i,e){if(e.graphId===null)return"";let t=i.nodes[e.graphId];switch(t.kind){case"module":return`${t.name}
${t.type}
${t.layer??""}`.toLowerCase();case"op":return`${t.op}
${t.label}`.toLowerCase();default:return`${t.name}
${t.label}`.toLowerCase()}}function Xr(i,e,t){let r=t.trim().toLowerCase();if(r==="")return[];let s=[];for(let n of e.byGraphId)n!==void 0&&es(i,n).includes(r)&&s.push(n);return s}var Yt={background:"#ffffff",text:"#1f2430",mutedText:"#5f6877",frameFill:"#3a66c4",frameFillOpacity:"0.05",frameStroke:"#a9b6cc",moduleFill:"#e7efff",moduleStroke:"#7d9fe0",repeatFill:"#fff2dc",repeatStroke:"#e0a043",opFill:"#ffffff",opStroke:"#a2abb8",ioFill:"#e4f5e9",ioStroke:"#5fb77c",edge:"#8891a0",edgeLabel:"#5b6575",selected:"#e8590c",matchFill:"#fff3a3",matchStroke:"#e0a800",toggleFill:"#ffffff",panelBackground:"#f7f8fa",panelBorder:"#d5d9e0",buttonBackground:"#ffffff",error:"#c62828"},Zt={background:"#1b1d21",text:"#e3e6eb",mutedText:"#9aa3b0",frameFill:"#8fb0ff",frameFillOpacity:"0.06",frameStroke:"#4a5262",moduleFill:"#1f3150",moduleStroke:"#5b84d6",repeatFill:"#3b2f1b",repeatStroke:"#c58b34",opFill:"#262a30",opStroke:"#687284",ioFill:"#1b3a27",ioStroke:"#4fa56d",edge:"#7e8898",edgeLabel:"#a2abb8",selected:"#ff8a50",matchFill:"#5a5218",matchStroke:"#f2d036",toggleFill:"#2b2f36",panelBackground:"#23262b",panelBorder:"#3a3f47",buttonBackground:"#2d3137",error:"#ff8a80"};var bt=class{constructor(e,t){c(this,"svg",e);c(this,"target",t);c(this,"transform",{x:0,y:0,k:1});c(this,"drag",null);c(this,"swallowClick",!1);c(this,"listeners",[]);this.listen("wheel",r=>this.onWheel(r),{passive:!1}),this.listen("pointerdown",r=>this.onPointerDown(r)),this.listen("pointermove",r=>this.onPointerMove(r)),this.listen("pointerup",r=>this.onPointerUp(r)),this.listen("pointercancel",r=>this.onPointerUp(r)),this.listen("click",r=>{this.swallowClick&&(r.stopPropagation(),r.preventDefault(),this.swallowClick=!1)},{capture:!0})}get current(){return{...this.transform}}set(e){this.transform={...e,k:Yr(e.k,.005,4)},this.target.setAttribute("transform",`translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`)}fit(e,t=16){let{width:r,height:s}=this.size();if(r<=0||s<=0||e.width<=0||e.height<=0)return;let n=Math.min((r-2*t)/e.width,(s-2*t)/e.height,1.5);this.set({k:n,x:(r-e.width*n)/2-e.x*n,y:(s-e.height*n)/2-e.y*n})}overview(e,t=.75,r=16){let{width:s,height:n}=this.size();if(s<=0||n<=0||e.width<=0||e.height<=0)return;let a=Math.min((s-2*r)/e.width,(n-2*r)/e.height,1.5);if(a>=t){this.fit(e,r);return}let o=Math.max(a,Math.min(t,(s-2*r)/e.width));this.set({k:o,x:(s-e.width*o)/2-e.x*o,y:r-e.y*o})}ensureVisible(e){let{width:t,height:r}=this.size(),{x:s,y:n,k:a}=this.transform,o=e.x*a+s,d=e.y*a+n;o>=0&&d>=0&&o+e.width*a<=t&&d+e.height*a<=r||this.set({k:a,x:t/2-(e.x+e.width/2)*a,y:r/2-(e.y+e.height/2)*a})}toScreen(e,t){return{x:e*this.transform.k+this.transform.x,y:t*this.transform.k+this.transform.y}}pin(e,t,r){let{k:s}=this.transform;this.set({k:s,x:r.x-e*s,y:r.y-t*s})}zoomBy(e,t){let{width:r,height:s}=this.size(),n=t??{x:r/2,y:s/2},{x:a,y:o,k:d}=this.transform,p=Yr(d*e,.005,4);this.set({k:p,x:n.x-(n.x-a)*p/d,y:n.y-(n.y-o)*p/d})}destroy(){for(let[e,t,r]of this.listeners)this.svg.removeEventListener(e,t,r)}size(){let e=this.svg.getBoundingClientRect();return{width:e.width,height:e.height}}listen(e,t,r){this.svg.addEventListener(e,t,r),this.listeners.push([e,t,r])}onWheel(e){e.preventDefault();let t=e.deltaMode===1?16:e.deltaMode===2?400:1,r=this.svg.getBoundingClientRect();this.zoomBy(Math.exp(-e.deltaY*t*.0015),{x:e.clientX-r.left,y:e.clientY-r.top})}onPointerDown(e){e.button!==0||this.drag!==null||(this.swallowClick=!1,this.drag={pointerId:e.pointerId,startX:e.clientX,startY:e.clientY,origin:this.current,moving:!1})}onPointerMove(e){let t=this.drag;if(t===null||t.pointerId!==e.pointerId)return;let r=e.clientX-t.startX,s=e.clientY-t.startY;if(!t.moving){if(Math.hypot(r,s)<4)return;t.moving=!0,this.svg.setPointerCapture(e.pointerId),this.svg.style.cursor="grabbing"}this.set({...t.origin,x:t.origin.x+r,y:t.origin.y+s})}onPointerUp(e){let t=this.drag;t===null||t.pointerId!==e.pointerId||(this.drag=null,t.moving&&(this.swallowClick=!0,this.svg.style.cursor="",this.svg.hasPointerCapture(e.pointerId)&&this.svg.releasePointerCapture(e.pointerId)))}};function Yr(i,e,t){return Math.min(t,Math.max(e,i))}var ts=24,rs=250,is=150,Jt=class{constructor(e,t){c(this,"options",t);c(this,"root");c(this,"canvasArea");c(this,"status");c(this,"toolbar");c(this,"legend");c(this,"overlay",null);c(this,"badges",null);c(this,"measure",_r());c(this,"renderer",new vt(this.measure));c(this,"viewport");c(this,"panel");c(this,"client");c(this,"resizeObserver");c(this,"theme",Yt);c(this,"model",null);c(this,"tree",null);c(this,"generation",0);c(this,"expanded",new Set);c(this,"selected",null);c(this,"query","");c(this,"matches",[]);c(this,"drawnKey",null);c(this,"drawnLayout",null);c(this,"fitPending",!1);c(this,"anchor",null);c(this,"revealTarget",null);c(this,"waiters",[]);c(this,"busyTimer",null);c(this,"destroyed",!1);this.root=document.createElement("div"),this.root.setAttribute("data-testid","graph-view"),Object.assign(this.root.style,{display:"flex",width:"100%",height:"100%",minHeight:"200px",overflow:"hidden",fontFamily:Ve,position:"relative"}),this.canvasArea=document.createElement("div"),Object.assign(this.canvasArea.style,{flex:"1 1 auto",position:"relative",minWidth:"0",overflow:"hidden"}),this.canvasArea.appendChild(this.renderer.svg),this.root.appendChild(this.canvasArea),this.toolbar=document.createElement("div"),Object.assign(this.toolbar.style,{position:"absolute",top:"8px",left:"8px",display:"flex",gap:"4px",alignItems:"center",fontSize:"12px"}),this.addButton("Fit","graph-fit","Fit the graph to the view",()=>this.fit()),this.addButton("+","graph-zoom-in","Zoom in",()=>this.viewport.zoomBy(1.25)),this.addButton("−","graph-zoom-out","Zoom out",()=>this.viewport.zoomBy(.8)),this.addButton("Reset","graph-reset","Back to the default expansion",()=>this.resetExpansion()),this.status=document.createElement("span"),this.status.setAttribute("data-testid","graph-status"),this.status.style.marginLeft="6px",this.toolbar.appendChild(this.status),this.canvasArea.appendChild(this.toolbar),this.legend=document.createElement("div"),this.legend.setAttribute("data-testid","graph-legend"),Object.assign(this.legend.style,{position:"absolute",left:"8px",bottom:"8px",padding:"6px 10px",borderRadius:"6px",fontSize:"11px",display:"none",maxWidth:"320px",boxSizing:"border-box"}),this.canvasArea.appendChild(this.legend),this.panel=new ft({close:()=>this.selectNode(null,!0),openActivations:r=>this.options.onOpenActivations(r),selectNode:r=>this.selectNode(r,!0,!0),renderThumbnail:t.renderThumbnail},this.theme),this.root.appendChild(this.panel.element),this.viewport=new bt(this.renderer.svg,this.renderer.viewport),this.renderer.svg.addEventListener("click",r=>this.onClick(r)),this.renderer.svg.addEventListener("dblclick",r=>this.onDoubleClick(r)),this.resizeObserver=new ResizeObserver(()=>{this.fitPending&&this.drawnLayout!==null&&this.fit(!0)}),this.resizeObserver.observe(this.canvasArea),this.client=new pt(t.workerUrl),this.applyTheme(),this.setState("empty"),e.appendChild(this.root)}async setStructure(e){let t;try{t=Fr(e)}catch(n){throw this.showError(n instanceof Error?n.message:String(n)),n}this.model!==null&&this.tree!==null&&t.hash!==""&&t.hash===this.model.hash||(this.generation++,this.model=t,this.tree=Ar(t),this.expanded=jt(this.tree),this.selected=null,this.panel.show(t,null),this.client.clearCache(),this.drawnKey=null,this.drawnLayout=null,this.renderer.clear(),this.fitPending=!0,this.anchor=null,this.revealTarget=null,this.applySearch(!1));let s=this.whenReady();return this.refresh(),s}setStep(e){this.panel.setStep(e)}select(e){if(e===null||this.model===null||this.tree===null){this.selectNode(null,!1);return}let t=this.model.nodeByLayer.get(e);this.selectNode(t===void 0?null:this.tree.byGraphId[t],!1,!0)}search(e){this.query=e,this.applySearch(!0)}setOverlay(e){this.overlay=e,this.legend.replaceChildren(),e?.legend&&this.legend.appendChild(e.legend),this.legend.style.display=e?.legend?"block":"none",this.root.setAttribute("data-overlay",e?e.label:""),this.decorate()}setBadges(e){this.badges=e,this.decorate()}exportSVG(){return Or(this.renderer.svg,this.renderer.viewport,this.renderer.bounds,this.theme.background)}exportPNG(){try{return Dr(this.exportSVG())}catch(e){return Promise.reject(e)}}setDark(e){let t=e?Zt:Yt;t!==this.theme&&(this.theme=t,this.applyTheme(),this.panel.setTheme(t),this.drawnLayout!==null&&this.model!==null&&this.tree!==null&&(this.renderer.draw(this.model,this.tree,this.expanded,this.drawnLayout,this.theme),this.decorate()))}destroy(){if(!this.destroyed){this.destroyed=!0,this.client.destroy(),this.viewport.destroy(),this.resizeObserver.disconnect(),this.busyTimer!==null&&clearTimeout(this.busyTimer),this.root.remove();for(let e of this.waiters.splice(0))e.resolve()}}toggle(e){if(!B(e)||e.children.length===0)return;let t=this.renderer.rectOf(e.id);t!==void 0&&(this.anchor={id:e.id,screen:this.viewport.toScreen(t.x,t.y)}),this.expanded.has(e.id)?this.expanded.delete(e.id):this.expanded.add(e.id),this.refresh()}resetExpansion(){this.tree!==null&&(this.expanded=jt(this.tree),this.fitPending=!0,this.refresh())}currentKey(){return`${this.generation}|${Rr(this.expanded)}`}async refresh(){let{model:e,tree:t}=this;if(e===null||t===null||this.destroyed)return;let r=this.currentKey();if(r===this.drawnKey){this.afterDraw();return}let s=this.client.cached(r);if(s===void 0){this.setState("layout"),this.showBusySoon();let n=Ir(e,t,this.expanded,Gr(e,t,this.expanded),this.measure);try{s=await this.client.layout(r,n)}catch(a){if(a instanceof Be||this.destroyed)return;r===this.currentKey()&&this.showError(a instanceof Error?a.message:String(a));return}if(this.destroyed||r!==this.currentKey())return}this.renderer.draw(e,t,this.expanded,s,this.theme),this.drawnKey=r,this.drawnLayout=s,this.afterDraw()}afterDraw(){if(this.fitPending)this.fit(!0);else if(this.anchor!==null){let e=this.renderer.rectOf(this.anchor.id);e!==void 0&&this.viewport.pin(e.x,e.y,this.anchor.screen)}if(this.anchor=null,this.revealTarget!==null){let e=this.renderer.rectOf(this.revealTarget);e!==void 0&&!this.fitPending&&this.viewport.ensureVisible(e),this.revealTarget=null}this.decorate(),this.clearBusy(),this.showMatchCount(),this.setState("ready");for(let e of this.waiters.splice(0))e.resolve()}fit(e=!1){let{width:t,height:r}=this.renderer.bounds;if(t<=0)return;let s=this.canvasArea.getBoundingClientRect();if(s.width<=0||s.height<=0){this.fitPending=!0;return}e?this.viewport.overview({x:0,y:0,width:t,height:r}):this.viewport.fit({x:0,y:0,width:t,height:r}),this.fitPending=!1}whenReady(){return new Promise((e,t)=>this.waiters.push({resolve:e,reject:t}))}selectNode(e,t,r=!1){if(this.model!==null){if(this.selected=e,this.panel.show(this.model,e),t){let s=e!==null&&e.kind==="module"?this.model.nodes[e.graphId].layer:null;this.options.onSelect(s)}if(e!==null&&r){if(this.revealTarget=e.id,Ut(this.expanded,e)){this.refresh();return}let s=this.renderer.rectOf(e.id);s!==void 0&&this.viewport.ensureVisible(s),this.revealTarget=null}this.applyHighlight()}}applySearch(e){if(!(this.model===null||this.tree===null)){this.matches=Xr(this.model,this.tree,this.query);for(let[t,r]of this.matches.slice(0,ts).entries()){let s=new Set(this.expanded);if(Ut(s,r)){if(t>0&&Hr(this.tree,s)>rs)break;this.expanded=s}}this.revealTarget=this.matches.length>0?this.matches[0].id:null,e&&this.refresh()}}decorate(){if(this.model!==null&&this.tree!==null){let e=t=>this.renderer.isDrawn(t);this.renderer.setFills(this.overlay?Ur(this.model,this.tree,this.overlay,e):new Map),this.renderer.drawBadges(this.badges?Wr(this.model,this.tree,this.expanded,this.badges,e):new Map,this.theme)}this.applyHighlight()}applyHighlight(){let e=new Set,t=new Set;for(let r of this.matches)this.renderer.isDrawn(r.id)?e.add(r.id):t.add(ct(this.expanded,r).id);this.renderer.highlight({selected:this.selected?.id??null,matches:e,hiding:t},this.theme),this.root.setAttribute("data-matches",String(this.matches.length))}nodeOf(e){let r=(e.target instanceof Element?e.target.closest('[data-testid="graph-node"]'):null)?.getAttribute("data-id");return r?this.tree?.byId.get(r)??null:null}onClick(e){let t=this.nodeOf(e);if(t===null){this.selected!==null&&this.selectNode(null,!0);return}e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null?this.toggle(t):this.selectNode(t,!0)}onDoubleClick(e){let t=this.nodeOf(e),r=e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null;t!==null&&!r&&this.toggle(t)}addButton(e,t,r,s){let n=document.createElement("button");n.textContent=e,n.title=r,n.setAttribute("data-testid",t),n.addEventListener("click",s),this.toolbar.appendChild(n)}applyTheme(){this.root.style.background=this.theme.background,this.root.style.color=this.theme.text,this.root.setAttribute("data-theme",this.theme===Zt?"dark":"light");for(let e of this.toolbar.querySelectorAll("button"))Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",font:"inherit",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",minWidth:"26px"});this.status.style.color=this.root.getAttribute("data-state")==="error"?this.theme.error:this.theme.mutedText,Object.assign(this.legend.style,{background:this.theme.panelBackground,color:this.theme.text,border:`1px solid ${this.theme.panelBorder}`})}setState(e){this.root.setAttribute("data-state",e)}showBusySoon(){this.busyTimer===null&&(this.busyTimer=setTimeout(()=>{this.busyTimer=null,this.root.getAttribute("data-state")==="layout"&&(this.status.textContent="Laying out…")},is))}clearBusy(){this.busyTimer!==null&&clearTimeout(this.busyTimer),this.busyTimer=null,this.status.textContent="",this.status.style.color=this.theme.mutedText}showMatchCount(){if(this.query.trim()==="")return;let e=this.matches.length;this.status.textContent=e===0?"No matches":e===1?"1 match":`${e} matches`}showError(e){this.clearBusy(),this.setState("error"),this.status.textContent=e,this.status.style.color=this.theme.error;for(let t of this.waiters.splice(0))t.reject(new Error(e))}};function yt(i,e){return new Jt(i,e)}var oe=[{name:"activation_std",label:"Output std",kind:"positive"},{name:"activation_mean",label:"Output mean",kind:"signed"},{name:"activation_min",label:"Output min",kind:"signed"},{name:"activation_max",label:"Output max",kind:"signed"},{name:"activation_absmax",label:"Output |max|",kind:"positive"},{name:"activation_rms",label:"Output RMS",kind:"positive"},{name:"activation_zeros",label:"Zero (dead) fraction",kind:"fraction"},{name:"activation_saturated",label:"Saturated fraction (tanh/sigmoid)",kind:"fraction"},{name:"activation_nonfinite",label:"NaN/Inf in output",kind:"count"},{name:"param_norm",label:"Weight norm",kind:"positive"},{name:"param_nonfinite",label:"NaN/Inf in weights",kind:"count"},{name:"grad_norm",label:"Gradient norm",kind:"positive",preferLog:!0},{name:"grad_nonfinite",label:"NaN/Inf in gradients",kind:"count"},{name:"update_ratio",label:"Update ratio ‖ΔW‖/‖W‖",kind:"positive",preferLog:!0}],ss=new Map(oe.map(i=>[i.name,i]));function le(i){return ss.get(i)??{name:i,label:i,kind:"signed"}}function ue(i,e){let t=le(i).kind;return t==="fraction"?se(e):t==="count"?D(e):T(e)}var Ue="#e8417e";function Zr(i,e){let t=i.position(e);return Number.isNaN(t)?Ue:Re(i.colormap,t)}var ns=100,as=3;function Te(i,e,t="viridis"){let r=e-i;return{kind:"linear",lo:i,hi:e,colormap:t,position:s=>r>0?xt((s-i)/r):.5}}function os(i,e,t="viridis"){let r=Math.log10(i),s=Math.log10(e)-r;return{kind:"log",lo:i,hi:e,colormap:t,position:n=>n<=0?NaN:s>0?xt((Math.log10(n)-r)/s):.5}}function je(i){let e=i>0&&Number.isFinite(i)?i:1;return{kind:"diverging",lo:-e,hi:e,colormap:"diverging",position:t=>xt(.5+t/(2*e))}}function Me(i,e,t=!1){let r=1/0,s=-1/0,n=1/0,a=!1;for(let d of e)d==null||!Number.isFinite(d)||(d<r&&(r=d),d>s&&(s=d),d>0&&d<n&&(n=d),d===0&&(a=!0));if(i==="fraction"||r===1/0)return Te(0,1);if(i==="signed"&&r<0&&s>0)return je(Math.max(-r,s));if(i==="count")return Te(0,Math.max(s,1),"magma");let o=s/n>(t?as:ns);return r>=0&&n!==1/0&&(o||t&&a)?{...os(n,s),hasZero:a}:Te(r,s)}var Jr=.01;function ls(i,e=Jr){let t=i>0&&Number.isFinite(i)?i:1,r=Math.min(e,t),s=a=>Math.sign(a)*Math.log10(1+Math.abs(a)/r),n=s(t);return{kind:"symlog",lo:-t,hi:t,colormap:"diverging",position:a=>xt(.5+s(a)/(2*n))}}var ds=10;function Qr(i){let e=0;for(let t of i)t!=null&&Number.isFinite(t)&&(e=Math.max(e,Math.abs(t)));return e===0?je(1):e>Jr*ds?ls(e):je(e)}function xt(i){return i<0?0:i>1?1:i}function te(i,e){let t=l("canvas",{class:"mv-legend-bar",attrs:{"aria-hidden":"true"}});Ye(t,i.colormap);let r=l("div",{class:"mv-legend-labels"},l("span",{},e.format(i.lo)),i.kind==="diverging"||i.kind==="symlog"?l("span",{},"0"):i.kind==="log"?l("span",{class:"mv-muted"},"log scale"):null,l("span",{},e.format(i.hi)));return l("div",{class:"mv-legend",testid:e.testid,dataset:{scale:i.kind}},e.title?l("div",{class:"mv-legend-title"},e.title):null,l("div",{class:"mv-legend-scale"},t,r),i.kind==="symlog"?l("div",{class:"mv-muted mv-legend-note"},"log scale both ways: every ×10 the same step of colour"):null,i.hasZero||e.missing?l("div",{class:"mv-legend-missing"},i.hasZero?l("span",{class:"mv-legend-swatch",style:{background:Ue}}):null,i.hasZero?"exactly 0":null,e.missing?l("span",{class:"mv-legend-swatch",style:e.missingColor?{background:e.missingColor}:{}}):null,e.missing??null):null)}var cs=16;function ei(i,e,t,r){let s=de(i,0,e),n=i.lo[0][t],a=i.hi[0][t],o=new Float32Array(r);for(let d=0;d<r;d++)o[d]=n+i.values[s+d]/255*(a-n);return o}function ps(i,e){if(i.layout!==e.layout)return`A is stored as ${i.layout} and B as ${e.layout}`;if(i.shape.length!==e.shape.length||i.shape.some((t,r)=>r>0&&t!==e.shape[r])){let t=i.sourceShape.slice(1),r=e.sourceShape.slice(1);return t.length!==r.length||t.some((s,n)=>s!==r[n])?`the layer's output is ${U(t)} at A and ${U(r)} at B: outputs of different shapes cannot be subtracted`:`A was stored at ${U(i.shape.slice(1))} and B at ${U(e.shape.slice(1))} (the byte budget downsampled them differently)`}return i.shape[0]===0||e.shape[0]===0?"one of the samples is empty":null}function hs(i,e){let{planes:t,width:r,height:s}=ie(i),n=r*s,a=[];for(let o=0;o<Math.min(t,cs);o++){let d=i.layout==="chw"?o:0,p=ei(i,o,d,n),h=ei(e,o,d,n),u=new Float32Array(n),m=0;for(let v=0;v<n;v++)u[v]=h[v]-p[v],m=Math.max(m,Math.abs(u[v]));let f=Math.min(i.lo[0][d],e.lo[0][d]),g=Math.max(i.hi[0][d],e.hi[0][d]);a.push({a:p,b:h,diff:u,lo:f,hi:g,span:m})}return a}function Qt(i,e,t,r,s,n,a){let o=l("canvas",{class:"mv-compare-canvas",testid:i}),d=r===1?Math.max(1,Math.round(t/12)):r,p=Math.ceil(Math.sqrt(e.length)),h=Math.ceil(e.length/p),u=e.length>1?Math.max(1,Math.round(Math.max(t,d)/16)):0;o.width=p*t+(p-1)*u,o.height=h*d+(h-1)*u;let m=o.getContext("2d");if(!m)return o;let f=re(a);return e.forEach((g,v)=>{let y=s(g),x=n(g),L=m.createImageData(t,d);for(let k=0;k<d;k++)for(let E=0;E<t;E++){let _=y[(r===1?0:k)*t+E],P=Math.round(x.position(_)*255)*3,S=(k*t+E)*4;L.data[S]=f[P],L.data[S+1]=f[P+1],L.data[S+2]=f[P+2],L.data[S+3]=255}m.putImageData(L,v%p*(t+u),Math.floor(v/p)*(d+u))}),o}function er(i,e,t){return l("figure",{class:"mv-compare-figure"},l("figcaption",{},i),e,t)}function ti(i,e,t){let r=ps(i,e),{planes:s,width:n,height:a}=ie(i);if(r)return l("p",{class:"mv-muted",testid:"compare-sample-mismatch"},`No difference map: ${r}.`);let o=hs(i,e),d=g=>Te(g.lo,g.hi),p=g=>je(g.span),h=o.length===1,u=h?te(d(o[0]),{format:T}):null,m=h?te(p(o[0]),{format:T}):null,f=s>o.length?`first ${o.length} of ${s} channels`:s>1?`${s} channels`:"";return l("div",{class:"mv-compare-samples"},l("div",{class:"mv-compare-figures"},er(`A · ${t[0]}`,Qt("compare-sample-a",o,n,a,g=>g.a,d,"viridis"),u),er(`B · ${t[1]}`,Qt("compare-sample-b",o,n,a,g=>g.b,d,"viridis"),u?u.cloneNode(!0):null),er("B − A",Qt("compare-sample-diff",o,n,a,g=>g.diff,p,"diverging"),m)),l("p",{class:"mv-muted mv-compare-note"},["First batch item",f,h?"":"each channel on its own scale, shared by A and B; B − A blue where B is lower, red where higher","A and B are outputs for the inputs logged at their own steps, so B − A shows a change of input as well as of the model unless the same batch was logged"].filter(Boolean).join("; ")+"."))}var ri="param_norm",kt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"runSelect");c(this,"stepSelect");c(this,"statisticSelect");c(this,"bLabel");c(this,"body");c(this,"inputsSlot");c(this,"archSlot");c(this,"tableSlot");c(this,"graphHost");c(this,"graphLegend");c(this,"detail");c(this,"graph",null);c(this,"context",null);c(this,"statistic",ri);c(this,"sort",{key:"relative",descending:!0});c(this,"diff",null);c(this,"diffFor","");c(this,"detailFor","");c(this,"visible",!1);c(this,"dark",!1);this.runSelect=l("select",{testid:"compare-run",attrs:{"aria-label":"Run of A"},on:{change:()=>this.pickRun()}}),this.stepSelect=l("select",{testid:"compare-step",attrs:{"aria-label":"Step of A"},on:{change:()=>this.handlers.onReference(this.runSelect.value,Number(this.stepSelect.value))}}),this.statisticSelect=l("select",{testid:"compare-statistic",attrs:{"aria-label":"Statistic to compare"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...oe.map(r=>l("option",{attrs:{value:r.name}},r.label))),this.statisticSelect.value=this.statistic,this.bLabel=l("span",{class:"mv-compare-b mv-mono",testid:"compare-b"}),this.inputsSlot=l("div",{testid:"compare-inputs"}),this.archSlot=l("div",{testid:"compare-architecture"}),this.tableSlot=l("div",{class:"mv-compare-table"}),this.graphHost=l("div",{class:"mv-compare-graph",testid:"compare-graph"}),this.graphLegend=l("div",{class:"mv-muted mv-compare-graph-note"}),this.detail=l("div",{class:"mv-card",testid:"compare-detail"}),this.body=l("div",{class:"mv-compare-body"},this.inputsSlot,this.archSlot,l("div",{class:"mv-compare-row"},l("div",{class:"mv-card mv-compare-table-card"},l("h3",{},"Every layer",l("span",{class:"mv-card-note"},"click a header to sort, a row to open the layer")),this.tableSlot),l("div",{class:"mv-card mv-compare-graph-card"},l("h3",{},"Graph coloured by the change"),this.graphHost,this.graphLegend)),this.detail),this.element=l("section",{class:"mv-view mv-compare"},l("div",{class:"mv-view-bar"},l("span",{class:"mv-compare-side"},"A"),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Step"),this.stepSelect),l("span",{class:"mv-compare-arrow"},"→"),l("span",{class:"mv-compare-side"},"B"),this.bLabel,l("span",{class:"mv-spacer"}),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Compare"),this.statisticSelect)),this.body)}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=oe.some(t=>t.name===e)?e:ri,this.statisticSelect.value=this.statistic,this.diff&&this.renderDiff()}setVisible(e){this.visible=e,this.refresh()}invalidate(){this.diffFor=""}setDark(e){this.dark=e,this.graph?.setDark(e)}refresh(){let e=this.context;if(!this.visible||!e)return;this.renderSelectors(e);let{a:t,b:r}=e,s=[t.run,t.tag,t.step,r.run,r.tag,r.step].join("\0");s!==this.diffFor?(this.diffFor=s,this.detailFor="",this.load(e,s)):this.diff&&(this.renderDetail(),this.highlightRow())}renderSelectors(e){let t=e.runs.filter(s=>s.tags.some(n=>n.steps.length));b(this.runSelect,...t.map(s=>l("option",{attrs:{value:s.run}},s.run))),this.runSelect.value=e.a.run;let r=this.stepsOf(e.a.run,e.a.tag);b(this.stepSelect,...r.map(s=>l("option",{attrs:{value:s}},String(s)))),this.stepSelect.value=String(e.a.step),this.bLabel.textContent=`${e.b.run} · step ${e.b.step}`,this.bLabel.title="B is the run and step chosen in the toolbar"}stepsOf(e,t){let r=this.context?.runs.find(s=>s.run===e);return(r?.tags.find(s=>s.tag===t)??r?.tags[0])?.steps??[]}pickRun(){let e=this.context;if(!e)return;let t=this.stepsOf(this.runSelect.value,e.b.tag);if(t.length===0)return;let r=e.b.step,s=t.reduce((n,a)=>Math.abs(a-r)<Math.abs(n-r)?a:n,t[0]);this.handlers.onReference(this.runSelect.value,s)}async load(e,t){let{a:r,b:s}=e;this.diff=null,b(this.tableSlot,l("p",{class:"mv-muted"},"Loading…")),b(this.detail),b(this.inputsSlot);let n=r.run!==s.run||r.tag!==s.tag;try{let[a,o]=await Promise.all([this.store.stepDiff(r,s),n?this.store.architectureDiff(r,s):Promise.resolve(null)]);if(t!==this.diffFor)return;this.diff=a;let d=a.structures[0]!==a.structures[1],p=o??(d?await this.store.architectureDiff(r,s):null);if(t!==this.diffFor)return;b(this.inputsSlot,a.same_inputs===!1?ms():null),b(this.archSlot,p?us(p,r,s):null),this.ensureGraph(),this.graph.setStructure(e.structure).catch(()=>{}),this.renderDiff()}catch(a){if(t!==this.diffFor||ve(a))return;b(this.archSlot),b(this.tableSlot,l("p",{class:"mv-error-text",testid:"compare-error"},a.message))}}ensureGraph(){this.graph||(this.graph=yt(this.graphHost,{workerUrl:new URL("./static/layout_worker.js",document.baseURI).href,onSelect:e=>{e&&this.handlers.onSelect(e)},onOpenActivations:e=>this.handlers.onSelect(e)}),this.graph.setDark(this.dark))}renderDiff(){let e=this.diff;if(!e)return;let t=this.statistic,r=e.layers.filter(n=>n.a[t]!==null||n.b[t]!==null),s=Qr(r.map(n=>n.relative[t]));this.renderTable(r,t,s),this.colourGraph(r,t,s),this.renderDetail()}renderTable(e,t,r){let s=le(t);if(e.length===0){b(this.tableSlot,l("p",{class:"mv-muted",testid:"compare-empty"},`Neither step has a value of “${s.label}” for any layer.`));return}let n=new Map(e.map((u,m)=>[u.key,m])),a=u=>{switch(this.sort.key){case"a":return u.a[t];case"b":return u.b[t];case"delta":return wt(u.delta[t]);case"relative":return wt(u.relative[t]);default:return n.get(u.key)}},o=[...e].sort((u,m)=>{let f=a(u),g=a(m);return f===null||g===null?f===g?n.get(u.key)-n.get(m.key):f===null?1:-1:this.sort.descending?g-f:f-g}),d=(u,m,f)=>l("th",{class:(u==="order"?"":"is-numeric")+(this.sort.key===u?" is-sorted":""),title:f,dataset:{sort:u},on:{click:()=>{this.sort={key:u,descending:this.sort.key===u?!this.sort.descending:u!=="order"},this.renderTable(e,t,r)}}},m,this.sort.key===u?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null),p=u=>ue(t,u),h=l("tbody",{},...o.map(u=>{let m=u.relative[t];return l("tr",{testid:"compare-row",dataset:{key:u.key},class:u.key===this.context?.layer?"is-selected":"",on:{click:()=>this.handlers.onSelect(u.key)}},l("td",{class:"mv-compare-name"},Nr(I(u),`${I(u)} (${u.type??"?"})`)),l("td",{class:"is-numeric",title:p(u.a[t])},p(u.a[t])),l("td",{class:"is-numeric",title:p(u.b[t])},p(u.b[t])),l("td",{class:"is-numeric",title:tr(u.delta[t],p)},tr(u.delta[t],p)),l("td",{class:"is-numeric mv-compare-change"},m===null?"–":l("span",{class:"mv-change-swatch",style:{background:Re("diverging",r.position(m))}}),m===null?null:St(m)))}));b(this.tableSlot,l("div",{class:"mv-table-scroll mv-scroll-visible",testid:"compare-table-scroll"},l("table",{class:"mv-table mv-compact mv-sortable mv-compare-grid",testid:"compare-table"},l("colgroup",{},l("col",{}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-delta"}),l("col",{class:"mv-col-change"})),l("thead",{},l("tr",{},d("order","layer","Model order"),d("a","A",`${s.label} at A`),d("b","B",`${s.label} at B`),d("delta","B − A","Difference (sorted by size)"),d("relative","change","(B − A) / |A| (sorted by size)"))),h)))}highlightRow(){for(let e of this.tableSlot.querySelectorAll("tr[data-key]"))e.classList.toggle("is-selected",e.dataset.key===this.context?.layer)}colourGraph(e,t,r){if(!this.graph)return;let s=new Map;for(let a of e){let o=a.relative[t];o!==null&&Number.isFinite(o)&&s.set(a.key,o)}let n=`Change of ${le(t).label}`;this.graph.setOverlay({label:n,values:s,color:a=>Re("diverging",r.position(a)),format:St,combine:"maxAbs",legend:te(r,{title:`${n}, (B − A) / |A|`,format:St,missing:"no value at A or B",testid:"compare-legend"})}),this.graphLegend.textContent=s.size===0?"No layer has this statistic at both A and B.":"Blue: lower at B; red: higher at B."}renderDetail(){let e=this.context,t=this.diff;if(!e||!t)return;let r=t.layers.find(o=>o.key===e.layer)??this.mostChanged(t),s=[this.diffFor,r?.key].join("\0");if(s===this.detailFor)return;if(this.detailFor=s,!r){b(this.detail,l("p",{class:"mv-muted"},"Pick a layer in the table or the graph."));return}let n=oe.filter(o=>r.a[o.name]!==null||r.b[o.name]!==null),a=l("div",{class:"mv-muted mv-chart-placeholder"},"Loading activation samples…");b(this.detail,l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"compare-layer-name"},I(r)),l("span",{class:"mv-type-chip"},r.type??"?"),t.only_in_a.includes(r.key)?l("span",{class:"mv-badge"},"only in A"):null,t.only_in_b.includes(r.key)?l("span",{class:"mv-badge"},"only in B"):null,l("span",{class:"mv-spacer"}),X(r.key,"compare")),l("div",{class:"mv-compare-detail-row"},l("table",{class:"mv-table mv-compact",testid:"compare-layer-stats"},l("thead",{},l("tr",{},l("th",{},"statistic"),l("th",{class:"is-numeric"},"A"),l("th",{class:"is-numeric"},"B"),l("th",{class:"is-numeric"},"B − A"),l("th",{class:"is-numeric"},"change"))),l("tbody",{},...n.map(o=>{let d=h=>ue(o.name,h),p=r.relative[o.name];return l("tr",{class:o.name===this.statistic?"is-selected":""},l("td",{},o.label),l("td",{class:"is-numeric"},d(r.a[o.name])),l("td",{class:"is-numeric"},d(r.b[o.name])),l("td",{class:"is-numeric"},tr(r.delta[o.name],d)),l("td",{class:"is-numeric"},p===null?"–":St(p)))}))),l("div",{class:"mv-compare-sample-slot"},a))),this.loadSamples(e,r.key,a,s)}mostChanged(e){let t;for(let r of e.layers){if(r.depth===0)continue;let s=wt(r.relative[this.statistic]);s!==null&&(t===void 0||s>wt(t.relative[this.statistic]))&&(t=r)}return t??e.layers.find(r=>r.depth!==0)}async loadSamples(e,t,r,s){let{a:n,b:a}=e,o=f=>n.run===a.run?`step ${f.step}`:`${f.run} · step ${f.step}`,d=async f=>{let g=await this.store.step(f);if(!(t in g.samples))throw new Error(`no activation sample of this layer was stored at ${o(f)}`);return this.store.sample(f,t)},p=await Promise.allSettled([d(n),d(a)]);if(s!==this.detailFor)return;let[h,u]=p;if(h.status==="fulfilled"&&u.status==="fulfilled"){r.replaceChildren(ti(h.value,u.value,[o(n),o(a)]));return}let m=(f,g)=>f.status==="rejected"?`${g}: ${f.reason.message}`:null;r.replaceChildren(l("p",{class:"mv-muted",testid:"compare-no-sample"},"No activation maps to compare.",...[m(h,"A"),m(u,"B")].filter(Boolean).map(f=>l("span",{class:"mv-block"},f))))}};function ms(){return l("div",{class:"mv-card mv-inputs-note",testid:"compare-different-inputs"},l("h3",{},"A and B ran on different inputs"),l("p",{},"The changes below mix how the model changed with how its inputs differ, and the maps B − A subtract the activations of different inputs. To compare the model alone, log the same inputs at every step (a fixed probe batch)."))}function wt(i){return i==null||!Number.isFinite(i)?null:Math.abs(i)}function tr(i,e){return i==null?"–":(i>0?"+":"")+e(i)}function St(i){let e=i*100,t=Math.abs(e),r=i>0?"+":i<0?"-":"";if(t>=1e6)return r+H(t)+" %";let s=t>=10?Math.round(t).toLocaleString("en-US"):t.toFixed(1);return r+s+" %"}function us(i,e,t){let r=o=>`${o.run} · step ${o.step}`,s=(o,d,p)=>l("div",{class:"mv-arch-side"},l("span",{class:"mv-compare-side"},o),l("span",{class:"mv-mono"},r(d)),l("span",{class:"mv-mono"},p.model_type??"?"),l("span",{class:"mv-muted"},`${H(p.params)} parameters, ${H(p.frozen)} frozen`));if(i.identical)return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture"),l("p",{testid:"arch-identical"},`Same architecture in both: ${i.b.model_type??"model"}, ${H(i.b.params)} parameters.`));let n=(o,d,p,h)=>l("li",{class:"mv-arch-item",testid:"arch-diff-item",dataset:{change:o}},l("span",{class:"mv-arch-sign"},d),l("span",{class:"mv-mono"},I(p)),l("span",{class:"mv-muted"},p.type??""),l("span",{},h)),a=[...i.added.map(o=>n("added","+",o,`added, ${H(o.params_total)} parameters`)),...i.removed.map(o=>n("removed","−",o,`removed, ${H(o.params_total)} parameters`)),...i.changed.map(o=>n("changed","~",o,Object.entries(o.changes).map(([d,[p,h]])=>`${d.replace(/_/g," ")}: ${Tt(p)} → ${Tt(h)}`).join("; "))),...i.frozen.map(o=>n("frozen","❄",o,`frozen (${H(o.params)} parameters no longer trainable)`)),...i.unfrozen.map(o=>n("unfrozen","✎",o,`unfrozen (${H(o.params)} parameters trainable again)`))];return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture",l("span",{class:"mv-card-note"},`${a.length} difference${a.length===1?"":"s"}`)),l("div",{class:"mv-arch-sides"},s("A",e,i.a),s("B",t,i.b)),a.length?l("ul",{class:"mv-arch-list"},...a):l("p",{class:"mv-muted"},"Same modules; the graphs differ in how they are called."))}function Tt(i){return i==null?"–":typeof i=="number"?i.toLocaleString("en-US"):typeof i=="string"?i:Array.isArray(i)?i.length===0?"none":i.every(e=>typeof e=="number")?i.join("×"):i.map(Tt).join(", "):typeof i=="object"?Object.entries(i).map(([e,t])=>`${e} ${Tt(t)}`).join(", "):String(i)}var rr=[{name:"flops",label:"FLOPs",kind:"positive",combine:"sum",format:he},{name:"params",label:"Parameters",kind:"positive",combine:"sum",format:H},{name:"output_bytes",label:"Output bytes",kind:"positive",combine:"sum",format:J},{name:"activation_std",label:"Output std",kind:"positive",combine:"max",format:T},{name:"dead_fraction",label:"Dead (zero) fraction",kind:"fraction",combine:"max",format:se},{name:"grad_norm",label:"Gradient norm",kind:"positive",combine:"max",format:T,preferLog:!0},{name:"update_ratio",label:"Update ratio",kind:"positive",combine:"max",format:T,preferLog:!0}];function si(i){return rr.find(e=>e.name===i)??null}var We=i=>typeof i=="number"&&Number.isFinite(i);function ii(i,e){let t=new Map;for(let r of i.layers){let s=r.name===""?"":r.name+".";t.set(r.key,s===""?e:e.filter(n=>n.startsWith(s)))}return t}function ni(i,e,t){let r=new Map,s=new Map,n=(a,o)=>{We(o)&&r.set(a,o)};switch(i.name){case"flops":for(let a of e.layers)n(a.key,a.flops);for(let a of e.nodes)a.kind==="op"&&We(a.flops)&&s.set(a.id,a.flops);break;case"params":for(let a of e.layers)n(a.key,a.params_total);break;case"output_bytes":for(let a of e.layers)n(a.key,a.output_bytes);break;case"activation_std":for(let a of e.layers)n(a.key,t?.activations[a.key]?.std);break;case"dead_fraction":for(let a of e.layers)n(a.key,t?.activations[a.key]?.zeros);break;case"grad_norm":{if(!t)break;let a=ii(e,Object.keys(t.grads));for(let[o,d]of a){let p=d.map(h=>t.grads[h]?.norm).filter(We);p.length&&r.set(o,Math.sqrt(p.reduce((h,u)=>h+u*u,0)))}break}case"update_ratio":{let a=t?.updates;if(!t||!a)break;let o=ii(e,Object.keys(a));for(let[d,p]of o){let h=0,u=0,m=!1;for(let f of p){let g=a[f];if(!We(g))continue;let v=t.params[f]?.norm,y=We(v)?v:1;h+=(g*y)**2,u+=y*y,m=!0}m&&r.set(d,u>0?Math.sqrt(h/u):0)}break}}return{layers:r,ops:s}}function gs(i,e,t){let{layers:r,ops:s}=ni(i,e,t),n=e.layers.find(h=>h.parent===null)?.key,a=[...r].filter(([h])=>h!==n).map(([,h])=>h),o=Me(i.kind,[...a,...s.values()],i.preferLog),d=r.size>0,p=te(o,{title:i.label+(i.name==="grad_norm"||i.name==="update_ratio"?" (whole module)":""),format:i.format,missing:d?"uncoloured: no value":"not recorded at this step",missingColor:"transparent",testid:"graph-overlay-legend"});return{label:i.label,values:r,ops:s,color:h=>Zr(o,h),format:i.format,combine:i.combine,legend:p}}function fs(i){let e=new Map;for(let t of i){let r=`${xe(t.kind)} from step ${t.step}: ${t.message}`,s=e.get(t.layer);e.set(t.layer,{text:s?s.text+`
`+r:r})}return e}var Mt=class{constructor(e){c(this,"element");c(this,"view");c(this,"container");c(this,"message");c(this,"searchInput");c(this,"overlaySelect");c(this,"structureHash",null);c(this,"modelName","model");c(this,"layoutGeneration",0);c(this,"structure",null);c(this,"step",null);c(this,"metric",null);this.overlaySelect=l("select",{testid:"graph-overlay",attrs:{"aria-label":"Colour the graph by"},on:{change:()=>e.onOverlay(this.overlaySelect.value||null)}},l("option",{attrs:{value:""}},"nothing"),...rr.map(s=>l("option",{attrs:{value:s.name}},s.label))),this.searchInput=l("input",{class:"mv-search",testid:"graph-search",attrs:{type:"search",placeholder:"Search modules and ops","aria-label":"Search the graph"},on:{input:()=>this.view.search(this.searchInput.value)}});let t=(s,n,a,o)=>l("button",{class:"mv-button",testid:n,title:a,attrs:{type:"button"},on:{click:o}},G("download",14),s);this.container=l("div",{class:"mv-graph-host",testid:"graph-host"}),this.message=l("div",{class:"mv-graph-message",attrs:{role:"status"}}),this.message.hidden=!0,this.element=l("section",{class:"mv-view mv-graph"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},G("search",14),this.searchInput),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Colour by"),this.overlaySelect),l("span",{class:"mv-muted mv-hint"},"Click a module to select it, double-click to open it"),l("span",{class:"mv-spacer"}),t("SVG","export-svg","Download the graph as it is shown, as SVG",()=>this.exportSvg()),t("PNG","export-png","Download the graph as it is shown, as PNG",()=>{this.exportPng()})),l("div",{class:"mv-graph-stage"},this.container,this.message));let r=new URL("./static/layout_worker.js",document.baseURI).href;this.view=yt(this.container,{workerUrl:r,onSelect:s=>e.onSelect(s),onOpenActivations:s=>e.onOpenActivations(s),renderThumbnail:(s,n)=>e.renderThumbnail(s,n)})}async setStructure(e){if(this.structure=e,this.applyOverlay(),e.hash===this.structureHash)return;this.structureHash=e.hash,this.modelName=e.model_type||"model";let t=++this.layoutGeneration;this.showMessage(null,!1);try{await this.view.setStructure(e)}catch{t===this.layoutGeneration&&(this.structureHash=null)}}setStep(e){this.step=e,this.view.setStep(e),this.applyOverlay()}setOverlay(e){this.metric=si(e),this.overlaySelect.value=this.metric?.name??"",this.applyOverlay()}setAlerts(e){this.view.setBadges(fs(e))}applyOverlay(){let{metric:e,structure:t}=this;this.view.setOverlay(e&&t?gs(e,t,this.step):null)}select(e){this.view.select(e)}setDark(e){this.view.setDark(e)}showMessage(e,t){this.message.hidden=e===null,this.message.classList.toggle("is-error",t),b(this.message,e??"")}exportSvg(){let e=this.view.exportSVG();$e(new Blob([e],{type:"image/svg+xml"}),`${this.modelName}-graph.svg`)}async exportPng(){try{$e(await this.view.exportPNG(),`${this.modelName}-graph.png`)}catch(e){this.showMessage(`PNG export failed: ${e.message}`,!0)}}};function ai(i){let e=i==null?"":typeof i=="string"?i:JSON.stringify(i);return/^[=+\-@\t\r]/.test(e)&&typeof i=="string"&&(e="'"+e),/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}var vs=["key","name","type","depth","parent","call","calls","input_shapes","output_shapes","params","params_total","trainable","frozen","flops","output_bytes","kernel_size","stride","groups","out_mean","out_std","out_zeros"];function oi(i,e,t){let r=[vs.join(",")];for(let s of i){let n=t?.activations[s.key];r.push([s.key,s.name,s.type,s.depth,s.parent,s.call,s.calls,s.input_shapes,s.output_shapes,s.params,s.params_total,s.trainable,s.frozen,s.flops,s.output_bytes,s.kernel_size,s.stride,s.groups,n?.mean,n?.std,n?.zeros].map(ai).join(","))}return r.push(["total","","","","","",e.module_calls,"","",e.params,e.params,e.trainable,e.frozen,e.flops,e.output_bytes].map(ai).join(",")),r.join(`\r
`)+`\r
`}function li(i){let e=new Map,t=new Map;for(let o of i){let d={row:o,parent:null,children:[],depth:0};e.set(o.key,d),t.has(o.name)||t.set(o.name,d)}let r=[];for(let o of e.values()){let d=o.row.parent!==null?e.get(o.row.parent)??null:null;!d&&o.row.parent!==null&&(d=bs(o.row.name,t)),d===o&&(d=null),o.parent=d,(d?d.children:r).push(o)}let s=[],n=new Set,a=(o,d)=>{if(!n.has(o)){n.add(o),o.depth=d,s.push(o);for(let p of o.children)a(p,d+1)}};for(let o of r)a(o,0);for(let o of e.values())n.has(o)||(o.parent?.children.splice(o.parent.children.indexOf(o),1),o.parent=null,r.push(o),a(o,0));return{roots:r,byKey:e,ordered:s}}function bs(i,e){let t=i;for(;t!=="";){let r=t.lastIndexOf(".");t=r<0?"":t.slice(0,r);let s=e.get(t);if(s&&s.row.name!==i)return s}return null}var Ke=[{id:"type",label:"Type",title:"Module class",numeric:!1,sortValue:i=>i.row.type,cell:i=>({text:i.row.type,title:i.row.extra?`${i.row.type}(${i.row.extra})`:i.row.type})},{id:"output",label:"Output shape",title:"Shapes of the tensors this call returned",numeric:!1,sortValue:i=>(i.row.output_shapes?.[0]??[]).reduce((e,t)=>e*t,1),cell:i=>({text:Oe(i.row.output_shapes),muted:i.row.calls===0})},{id:"params",label:"Params",title:"Parameters in this module's subtree (shared parameters counted once)",numeric:!0,sortValue:i=>i.row.params_total,cell:i=>i.row.params_total?{text:H(i.row.params_total),title:`${D(i.row.params_total)} parameters (${D(i.row.params)} registered directly)`}:{text:"–",muted:!0},total:i=>({text:H(i.params),title:`${D(i.params)} parameters`,exact:i.params})},{id:"trainable",label:"Trainable",title:"Parameters with requires_grad in this module's subtree",numeric:!0,sortValue:i=>i.row.trainable,cell:i=>{if(!i.row.params_total)return{text:"–",muted:!0};let e=`${D(i.row.trainable)} trainable, ${D(i.row.frozen)} frozen`;return i.row.trainable===0?{text:"frozen",title:e,muted:!0}:{text:H(i.row.trainable)+(i.row.frozen?" *":""),title:e}},total:i=>({text:H(i.trainable),title:`${D(i.trainable)} trainable, ${D(i.frozen)} frozen`,exact:i.trainable})},{id:"flops",label:"FLOPs",title:"Floating-point operations of this call, children included",numeric:!0,sortValue:i=>i.row.flops,cell:i=>i.row.flops?{text:he(i.row.flops),title:`${D(i.row.flops)} FLOPs`}:{text:"–",muted:!0},total:i=>({text:he(i.flops),title:`${D(i.flops)} FLOPs in one forward pass`,exact:i.flops})},{id:"output_bytes",label:"Output size",title:"Bytes of the tensors this call returned",numeric:!0,sortValue:i=>i.row.output_bytes,cell:i=>i.row.output_bytes?{text:J(i.row.output_bytes),title:`${D(i.row.output_bytes)} bytes`}:{text:"–",muted:!0},total:i=>({text:J(i.output_bytes),title:`${D(i.output_bytes)} bytes returned by leaf calls`,exact:i.output_bytes})},{id:"kernel",label:"Kernel",title:"Kernel size, stride (/s) and groups (g)",numeric:!1,sortValue:i=>Vt(i.row.kernel_size,i.row.stride,i.row.groups),cell:i=>({text:Vt(i.row.kernel_size,i.row.stride,i.row.groups)})},{id:"std",label:"Out std",title:"Standard deviation of this call's output at the selected step",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.std??null,cell:(i,e)=>{let t=e?.activations[i.row.key];if(!t)return{text:"–",muted:!0};let r=t.nan+t.inf;return{text:r?`${r} non-finite`:T(t.std),title:`mean ${T(t.mean)}, std ${T(t.std)}, min ${T(t.min)}, max ${T(t.max)}`,warn:r>0}}},{id:"zeros",label:"Zeros",title:"Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.zeros??null,cell:(i,e)=>{let t=e?.activations[i.row.key]?.zeros;return t==null?{text:"–",muted:!0}:{text:se(t),warn:t>.9}}}],Lt=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"structure",null);c(this,"step",null);c(this,"tree",null);c(this,"expanded",new Set);c(this,"selected",null);c(this,"sort",null);c(this,"flat",!1);c(this,"filterText","");c(this,"filterInput");c(this,"modeButton");c(this,"countLabel");c(this,"head");c(this,"body");c(this,"foot");c(this,"scroller");this.filterInput=l("input",{class:"mv-search",testid:"layer-filter",attrs:{type:"search",placeholder:"Filter by name or type","aria-label":"Filter layers"},on:{input:()=>{this.filterText=this.filterInput.value.trim().toLowerCase(),this.renderBody()}}}),this.modeButton=l("button",{class:"mv-button",testid:"layers-flat-toggle",attrs:{type:"button","aria-pressed":"false"},title:"Show only leaf modules in one list (sorting then ranks all of them)",on:{click:()=>{this.flat=!this.flat,this.modeButton.setAttribute("aria-pressed",String(this.flat)),this.modeButton.classList.toggle("is-active",this.flat),this.renderBody()}}},"Leaves only"),this.countLabel=l("span",{class:"mv-muted mv-count"});let t=(r,s,n,a)=>l("button",{class:"mv-button",title:s,testid:a,attrs:{type:"button"},on:{click:n}},r);this.head=l("thead"),this.body=l("tbody"),this.foot=l("tfoot"),this.scroller=l("div",{class:"mv-table-scroll"},l("table",{class:"mv-table",testid:"layer-table"},this.head,this.body,this.foot)),this.element=l("section",{class:"mv-view mv-layers"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},G("search",14),this.filterInput),t("Expand all","Expand every module",()=>this.expandAll(!0)),t("Collapse","Show only the top-level modules",()=>this.expandAll(!1)),this.modeButton,this.countLabel,l("span",{class:"mv-spacer"}),l("button",{class:"mv-button",testid:"download-csv",title:"Download the layer table with exact numbers",attrs:{type:"button"},on:{click:()=>this.downloadCsv()}},G("download",14),"CSV")),this.scroller),this.renderHead()}setStructure(e){if(this.structure?.hash===e.hash&&this.structure===e)return;let t=this.structure===null;if(this.structure=e,this.tree=li(e.layers),t||this.expanded.size===0)for(let r of this.tree.ordered)r.depth<2&&r.children.length&&this.expanded.add(r.row.key);this.renderBody(),this.renderFoot()}setStep(e){this.step=e,this.tree&&this.renderBody()}select(e){this.selected=e;let t=e?this.tree?.byKey.get(e):void 0,r=!1;for(let s=t?.parent;s;s=s.parent)this.expanded.has(s.row.key)||(this.expanded.add(s.row.key),r=!0);r&&this.renderBody();for(let s of this.body.querySelectorAll("tr[data-key]")){let n=s.dataset.key===e;s.classList.toggle("is-selected",n),n&&this.element.isConnected&&this.element.offsetParent&&s.scrollIntoView({block:"nearest"})}}expandAll(e){if(this.tree){this.expanded.clear();for(let t of this.tree.ordered)t.children.length&&(e||t.depth===0)&&this.expanded.add(t.row.key);this.renderBody()}}renderHead(){let e=(t,r,s,n)=>{let a=this.sort?.column===t;return l("th",{class:(n?"is-numeric ":"")+(a?"is-sorted":""),title:`${s}. Click to sort.`,attrs:{scope:"col","aria-sort":a?this.sort.descending?"descending":"ascending":"none"},on:{click:()=>this.toggleSort(t,n)}},r,a?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null)};b(this.head,l("tr",{},e("name","Layer","Qualified module name",!1),...Ke.map(t=>e(t.id,t.label,t.title,t.numeric))))}toggleSort(e,t){this.sort?.column!==e?this.sort={column:e,descending:t}:this.sort.descending===t?this.sort={column:e,descending:!t}:this.sort=null,this.renderHead(),this.renderBody()}compare(){let e=this.sort;if(!e)return null;let t=Ke.find(n=>n.id===e.column),r=n=>t?t.sortValue(n,this.step):n.row.name,s=e.descending?-1:1;return(n,a)=>{let o=r(n),d=r(a);return o==null?d==null?0:1:d==null?-1:typeof o=="number"&&typeof d=="number"?s*(o-d):s*String(o).localeCompare(String(d),void 0,{numeric:!0})}}matches(e){if(!this.filterText)return!0;let t=e.row;return t.name.toLowerCase().includes(this.filterText)||t.type.toLowerCase().includes(this.filterText)}visibleRows(){let e=this.tree;if(!e)return[];let t=this.compare();if(this.flat){let o=e.ordered.filter(d=>d.children.length===0&&this.matches(d));return t&&o.sort(t),o.map(d=>({node:d,matched:!0}))}let r=this.filterText!=="",s=new Set;if(r){for(let o of e.ordered)if(this.matches(o))for(let d=o;d&&!s.has(d);d=d.parent)s.add(d)}let n=[],a=o=>{let d=t?[...o].sort(t):o;for(let p of d)r&&!s.has(p)||(n.push({node:p,matched:this.matches(p)}),p.children.length&&(r||this.expanded.has(p.row.key))&&a(p.children))};return a(e.roots),n}renderBody(){let e=this.visibleRows(),t=document.createDocumentFragment();for(let{node:s,matched:n}of e)t.appendChild(this.renderRow(s,n));e.length===0&&this.tree&&t.appendChild(l("tr",{},l("td",{class:"mv-table-empty",attrs:{colspan:Ke.length+1}},this.filterText?"No layer matches the filter.":"This model has no layers."))),b(this.body),this.body.appendChild(t);let r=this.tree?.ordered.length??0;this.countLabel.textContent=this.filterText||this.flat?`${e.length} of ${r} rows`:`${r} rows`}renderRow(e,t){let r=e.row,s=e.children.length>0,n=this.expanded.has(r.key)||this.filterText!==""&&!this.flat,a=s&&!this.flat?l("button",{class:"mv-tree-toggle"+(n?" is-open":""),testid:"layer-toggle",attrs:{type:"button","aria-label":n?"Collapse":"Expand","aria-expanded":String(n)},on:{click:u=>{u.stopPropagation(),this.expanded.has(r.key)?this.expanded.delete(r.key):this.expanded.add(r.key),this.renderBody()}}},G("chevron",14)):l("span",{class:"mv-tree-spacer"}),o=r.name===""&&r.parent===null,d=o?this.structure?.model_type??"model":this.flat?r.name:rt(r.name,e.parent?.row.name),p=l("td",{class:"mv-name-cell",title:o?"The whole model":r.name},l("div",{class:"mv-name",style:{paddingLeft:`${this.flat?0:e.depth*16}px`}},a,l("span",{class:"mv-name-text"+(o?" is-root":"")},d),r.calls>1?l("span",{class:"mv-badge",title:`This module runs ${r.calls} times per forward pass`},`call ${r.call+1}/${r.calls}`):null,r.calls===0?l("span",{class:"mv-badge is-muted",title:"Registered but never called in the recorded forward pass"},"not run"):null,r.node!==null?l("button",{class:"mv-row-action",testid:"open-activations",title:"Show this layer's activations",attrs:{type:"button","aria-label":"Show activations"},on:{click:u=>{u.stopPropagation(),this.handlers.onOpenActivations(r.key)}}},G("activations",13)):null,r.node!==null?X(r.key,void 0,!0):null)),h=Ke.map(u=>{let m=u.cell(e,this.step);return l("td",{class:(u.numeric?"is-numeric":"")+(m.muted?" is-muted":"")+(m.warn?" is-warn":""),title:m.title},m.text)});return l("tr",{testid:"layer-row",class:(r.key===this.selected?"is-selected":"")+(t?"":" is-context")+(r.calls===0?" is-not-run":""),dataset:{key:r.key,depth:String(e.depth)},on:{click:()=>this.handlers.onSelect(r.key),dblclick:()=>{r.node!==null&&this.handlers.onOpenActivations(r.key)}}},p,...h)}renderFoot(){let e=this.structure;if(!e)return;let t=e.totals,r=Ke.map(n=>{if(n.id==="type")return l("td",{class:"is-muted"},`${D(t.module_calls)} module calls`);if(!n.total)return l("td");let a=n.total(t);return l("td",{class:"is-numeric",title:a.title,dataset:{total:n.id,exact:String(a.exact)}},a.text)}),s=Object.entries(t.param_bytes??{}).map(([n,a])=>`${J(a)} ${n}`).join(", ");b(this.foot,l("tr",{testid:"totals-row"},l("td",{title:s?`Parameter memory: ${s}; buffers ${J(t.buffer_bytes)}`:void 0},"Total"),...r))}downloadCsv(){if(!this.structure||!this.tree)return;let e=oi(this.tree.ordered.map(t=>t.row),this.structure.totals,this.step);$e(new Blob([e],{type:"text/csv;charset=utf-8"}),`${this.structure.model_type||"model"}-layers.csv`)}};var R=26,ys=12,ir=3,sr=26,Nt=14,di='11px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',xs='10.5px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',Ct=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"stage");c(this,"view");c(this,"spacer");c(this,"cells",null);c(this,"rowHeightChoice",Nt);c(this,"painting",!1);c(this,"base");c(this,"marks");c(this,"tooltip");c(this,"data",null);c(this,"geometry",null);c(this,"selectedLayer",null);c(this,"currentStep",null);c(this,"hover",null);c(this,"resizeObserver");c(this,"lastSize","");this.base=l("canvas",{class:"mv-matrix-canvas"}),this.marks=l("canvas",{class:"mv-matrix-canvas mv-matrix-marks",testid:"heatmap-canvas",on:{mousemove:t=>this.onMove(t),mouseleave:()=>this.setHover(null),click:t=>this.onClick(t)}}),this.tooltip=l("div",{class:"mv-matrix-tooltip",testid:"heatmap-readout",attrs:{role:"status"}}),this.tooltip.hidden=!0,this.view=l("div",{class:"mv-matrix-view"},this.base,this.marks),this.spacer=l("div",{class:"mv-matrix-spacer"}),this.stage=l("div",{class:"mv-matrix-stage"},this.view,this.spacer,this.tooltip),this.element=l("div",{class:"mv-matrix mv-scroll-visible",testid:"heatmap",on:{scroll:()=>this.schedulePaint()}},this.stage),this.resizeObserver=new ResizeObserver(()=>{`${this.element.clientWidth}x${this.element.clientHeight}`!==this.lastSize&&this.data&&this.draw()}),this.resizeObserver.observe(this.element)}setData(e){this.data=e,this.cells=null,this.hover=null,this.tooltip.hidden=!0,this.draw()}setRowHeight(e){this.rowHeightChoice=e==="fit"?"fit":Math.max(ir,Math.min(sr,e)),this.draw()}rowHeight(){return this.geometry?.rowHeight??(this.rowHeightChoice==="fit"?ir:this.rowHeightChoice)}reveal(e){let t=this.geometry,r=this.data?.layers.findIndex(a=>a.key===e)??-1;if(!t||r<0)return;let s=r*t.rowHeight,n=this.element.clientHeight-t.top;(s<this.element.scrollTop||s+t.rowHeight>this.element.scrollTop+n)&&(this.element.scrollTop=Math.max(0,s-n/2))}setSelection(e,t){this.selectedLayer=e,this.currentStep=t,this.drawMarks()}redraw(){this.draw()}draw(){let e=this.data,t=this.element.clientWidth,r=this.element.clientHeight;if(this.lastSize=`${t}x${r}`,!e||t<=0||r<=0||e.layers.length===0||e.steps.length===0){this.geometry=null,this.spacer.style.height="0px",Et(this.base,0,0),Et(this.marks,0,0);return}let s=e.layers.length,n=e.steps.length,a=Math.max(ir,Math.min(sr,(r-R-4)/s)),o=this.rowHeightChoice==="fit"?a:Math.max(this.rowHeightChoice,Math.min(a,sr)),d=Math.ceil(R+s*o+4),p=Math.min(d,r),h=Math.min(280,Math.max(120,Math.round(t*.28))),u=Math.max(1,(t-h-ys)/n);this.geometry={left:h,top:R,colWidth:u,rowHeight:o,rows:s,cols:n,width:t,height:p,contentHeight:d},this.view.style.height=`${p}px`,this.spacer.style.height=`${d-p}px`,this.element.classList.toggle("is-scrolling",d>r),this.cells||(this.cells=ws(e)),this.paint()}schedulePaint(){this.painting||(this.painting=!0,requestAnimationFrame(()=>{this.painting=!1,this.paint()}))}paint(){let e=performance.now(),t=this.data,r=this.geometry;if(!t||!r)return;let{left:s,colWidth:n,rowHeight:a,rows:o,cols:d,width:p,height:h}=r,u=this.offset(),m=Et(this.base,p,h);if(!m)return;let f=pi(this.element);m.clearRect(0,0,p,h);let g=Math.max(0,Math.floor(u/a)),v=Math.min(o,Math.ceil((u+h-R)/a));m.save(),m.beginPath(),m.rect(0,R,p,h-R),m.clip();let y=R-u;if(this.cells&&v>g&&(m.fillStyle=f.empty,m.fillRect(s,y+g*a,n*d,(v-g)*a),m.imageSmoothingEnabled=!1,m.drawImage(this.cells,0,g,d,v-g,s,y+g*a,n*d,(v-g)*a)),m.fillStyle=f.background,a>=8)for(let k=Math.max(g,1);k<v;k++)m.fillRect(s,y+k*a,n*d,1);if(n>=8)for(let k=1;k<d;k++)m.fillRect(s+k*n,R,1,Math.min(o*a-u,h-R));m.font=di,m.textBaseline="middle";let x=Math.max(1,Math.ceil(11/a));m.fillStyle=f.text;for(let k=g-g%x;k<v;k+=x){let E=t.layers[k],_=Math.min(E.depth??0,6)*8,P=ci(m,nr(E),s-10-_);m.fillText(P,4+_,y+(k+.5)*a)}m.restore(),m.font=xs,m.fillStyle=f.muted,m.textBaseline="alphabetic";let L=Math.max(1,Math.ceil(70/n));for(let k=0;k<d;k+=L){let E=s+(k+.5)*n;m.textAlign=k===0?"left":"center",m.fillText(String(t.steps[k]),k===0?s:E,R-9),m.fillRect(Math.round(E),R-5,1,4)}m.textAlign="left",this.element.dataset.renderMs=(performance.now()-e).toFixed(2),this.element.dataset.geometry=JSON.stringify({left:s,top:R,colWidth:n,rowHeight:a,rows:o,cols:d,offset:u}),this.drawMarks()}offset(){let e=this.geometry;return e?Math.max(0,Math.min(this.element.scrollTop,e.contentHeight-e.height)):0}drawMarks(){let e=this.geometry,t=this.data;if(!e||!t)return;let{left:r,colWidth:s,rowHeight:n,rows:a,cols:o,width:d,height:p}=e,h=Et(this.marks,d,p);if(!h)return;let u=pi(this.element);h.clearRect(0,0,d,p);let m=this.offset(),f=R-m,g=Math.min(a*n-m,p-R),v=this.currentStep===null?-1:t.steps.indexOf(this.currentStep);if(v>=0){let x=r+v*s;h.strokeStyle=u.accent,h.lineWidth=1.5,h.strokeRect(x+.5,R-.5,Math.max(s-1,1),g+1),h.fillStyle=u.accent,h.beginPath(),h.moveTo(x+s/2-5,R-8),h.lineTo(x+s/2+5,R-8),h.lineTo(x+s/2,R-2),h.fill()}let y=this.selectedLayer===null?-1:t.layers.findIndex(x=>x.key===this.selectedLayer);if(h.save(),h.beginPath(),h.rect(0,R-1,d,p-R+1),h.clip(),y>=0){let x=f+y*n;if(h.fillStyle=u.selectBand,h.fillRect(0,x,r-2,n),h.strokeStyle=u.accent,h.lineWidth=1.5,h.strokeRect(r-.5,x-.5,o*s+1,n+1),n<10){h.font=di,h.textBaseline="middle";let L=ci(h,nr(t.layers[y]),r-10),k=h.measureText(L).width,E=Math.min(Math.max(x+n/2,R+7),R+g-7);h.fillStyle=u.background,h.fillRect(2,E-7,k+6,14),h.fillStyle=u.accent,h.fillText(L,5,E)}}this.hover&&(h.strokeStyle=u.text,h.lineWidth=1,h.strokeRect(r+this.hover.col*s+.5,f+this.hover.row*n+.5,Math.max(s-1,1),Math.max(n-1,1))),h.restore()}cellAt(e){let t=this.geometry;if(!t)return null;let r=this.marks.getBoundingClientRect(),s=e.clientX-r.left,n=e.clientY-r.top,a=Math.floor((s-t.left)/t.colWidth);if(n<t.top)return null;let o=Math.floor((n-t.top+this.offset())/t.rowHeight);if(s<t.left&&o>=0&&o<t.rows){let d=this.data&&this.currentStep!==null?this.data.steps.indexOf(this.currentStep):-1;return{row:o,col:d>=0?d:t.cols-1}}return a<0||a>=t.cols||o<0||o>=t.rows?null:{row:o,col:a}}onMove(e){this.setHover(this.cellAt(e),e)}setHover(e,t){let r=e&&this.hover&&e.row===this.hover.row&&e.col===this.hover.col;this.hover=e,r||this.drawMarks();let s=this.data;if(!e||!s||!t){this.tooltip.hidden=!0;return}let n=s.layers[e.row],a=s.values[e.row][e.col];this.tooltip.replaceChildren(l("div",{class:"mv-mono mv-matrix-tooltip-name"},nr(n)),l("div",{class:"mv-muted"},`${n.type??"?"} · step ${s.steps[e.col]}`),l("div",{class:"mv-matrix-tooltip-value"},a===null?"no value":s.format(a))),this.tooltip.hidden=!1;let o=this.stage.getBoundingClientRect(),d=t.clientX-o.left,p=t.clientY-o.top,h=d>o.width-220;this.tooltip.style.left=h?"":`${d+14}px`,this.tooltip.style.right=h?`${o.width-d+14}px`:"",this.tooltip.style.top=`${p+14}px`}onClick(e){let t=this.cellAt(e);!t||!this.data||this.handlers.onPick(this.data.layers[t.row].key,this.data.steps[t.col])}};function ws(i){let e=i.layers.length,t=i.steps.length,r=document.createElement("canvas");r.width=t,r.height=e;let s=r.getContext("2d");if(!s)return r;let n=s.createImageData(t,e),a=n.data,o=re(i.scale.colormap),d=[1,3,5].map(p=>parseInt(Ue.slice(p,p+2),16));for(let p=0;p<e;p++){let h=i.values[p];for(let u=0;u<t;u++){let m=h[u];if(m==null||!Number.isFinite(m))continue;let f=i.scale.position(m),g=(p*t+u)*4;if(Number.isNaN(f))[a[g],a[g+1],a[g+2]]=d;else{let v=Math.round(f*255)*3;a[g]=o[v],a[g+1]=o[v+1],a[g+2]=o[v+2]}a[g+3]=255}}return s.putImageData(n,0,0),r}function nr(i){return I(i)}function Et(i,e,t){let r=window.devicePixelRatio||1;i.width=Math.max(1,Math.round(e*r)),i.height=Math.max(1,Math.round(t*r)),i.style.width=`${e}px`,i.style.height=`${t}px`;let s=i.getContext("2d");return s?.setTransform(r,0,0,r,0,0),s}function ci(i,e,t){if(i.measureText(e).width<=t)return e;let r=0,s=e.length;for(;r<s;){let n=Math.ceil((r+s)/2);i.measureText("…"+e.slice(e.length-n)).width<=t?r=n:s=n-1}return"…"+e.slice(e.length-r)}function pi(i){let e=getComputedStyle(i),t=(r,s)=>e.getPropertyValue(r).trim()||s;return{background:t("--mv-bg","#ffffff"),empty:t("--mv-panel-2","#eef0f3"),text:t("--mv-text","#1f2328"),muted:t("--mv-muted","#667085"),accent:t("--mv-accent","#f57c00"),selectBand:t("--mv-select","rgba(245, 124, 0, 0.16)")}}var $t="group:";function At(i,e){if(e==="none"||i==="")return null;let t=i.split(".");if(e==="top")return t.length>1?t[0]:null;let r=t.findIndex(s=>/^\d+$/.test(s));return r<0?null:t.slice(0,r+1).join(".")}function Ss(i,e){let t=e.trim().toLowerCase();return t?i.name.toLowerCase().includes(t)||(i.type??"").toLowerCase().includes(t):!0}function ks(i,e){let t=new Array(e).fill(null);for(let r of i)for(let s=0;s<e;s++){let n=r[s];if(n==null||!Number.isFinite(n))continue;let a=t[s];(a===null||Math.abs(n)>Math.abs(a))&&(t[s]=n)}return t}function hi(i,e,t,r,s,n){let a=i.map((h,u)=>({layer:h,values:e[u]})).filter(h=>Ss(h.layer,r)),o=new Map;for(let h of a){let u=At(h.layer.name,s);if(u===null)continue;let m=o.get(u);m||o.set(u,m=[]),m.push(h)}let d=[],p=new Set;for(let h of a){let u=At(h.layer.name,s),m=u===null?void 0:o.get(u);if(!m||m.length<2){d.push(h);continue}if(p.has(u)){n.has(u)&&d.push(h);continue}p.add(u);let f=n.has(u),g=Math.min(...m.map(v=>v.layer.depth??0));d.push({layer:{key:$t+u,name:`${f?"▾":"▸"} ${u} · ${m.length} layers`,type:"group",depth:Math.max(0,g-1)},values:ks(m.map(v=>v.values),t),group:{prefix:u,members:m.map(v=>v.layer.key),open:f}}),f&&d.push(h)}return d}var Ts="http://www.w3.org/2000/svg",Rt=360,Le=150,Z={left:44,right:10,top:6,bottom:18},mi=46,Ms=40;function qe(i,e,t){let r=document.createElementNS(Ts,i);for(let[s,n]of Object.entries(e))r.setAttribute(s,String(n));return t?.appendChild(r),r}function Ls(i,e,t=Ms){if(i<=t)return Array.from({length:i},(s,n)=>n);let r=new Set;for(let s=0;s<t;s++)r.add(Math.round(s*(i-1)/(t-1)));return e>=0&&r.add(e),[...r].sort((s,n)=>s-n)}function Es(i){let e=i.counts.reduce((r,s)=>r+s,0),t=((i.hi??0)-(i.lo??0))/i.counts.length;return e===0?i.counts.map(()=>0):i.counts.map(r=>t>0?r/e/t:r/e)}function Ht(i){let{steps:e,histograms:t}=i,r=l("div",{class:"mv-trend mv-distribution",testid:i.testid??"distribution-chart",dataset:{title:i.title}},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label mv-mono"},i.title))),s=qe("svg",{viewBox:`0 0 ${Rt} ${Le}`,class:"mv-chart mv-distribution-svg",role:"img","aria-label":`Distribution of ${i.title} over steps`});r.appendChild(s);let n=x=>!!x&&x.lo!==null&&x.hi!==null&&Array.isArray(x.counts)&&x.counts.length>0,a=i.currentStep===null?-1:e.indexOf(i.currentStep),o=Ls(e.length,a).filter(x=>n(t[x]));if(o.length===0)return qe("text",{x:Rt/2,y:Le/2,"text-anchor":"middle",class:"mv-axis-label"},s).textContent="no histogram stored",r.classList.add("is-empty"),r;let d=1/0,p=-1/0,h=new Map;for(let x of o){let L=t[x];d=Math.min(d,L.lo),p=Math.max(p,L.hi);let k=Es(L);h.set(x,k)}p<=d&&(d-=.5,p+=.5);let u=Rt-Z.left-Z.right,m=x=>Z.left+(x-d)/(p-d)*u,f=Z.top+mi,g=Le-Z.bottom,v=o.length>1?(g-f)/(o.length-1):0;o.forEach((x,L)=>{let k=t[x],E=h.get(x),_=o.length>1?f+L*v:g,P=E.length,S=(k.hi-k.lo)/P,z=Math.max(...E),w=[`M${m(k.lo).toFixed(1)},${_.toFixed(1)}`];for(let K=0;K<P;K++){let Ne=z>0?E[K]/z*mi:0,fe=S>0?k.lo+(K+.5)*S:k.lo;w.push(`L${m(fe).toFixed(1)},${(_-Ne).toFixed(1)}`)}w.push(`L${m(k.hi).toFixed(1)},${_.toFixed(1)}Z`);let A=o.length>1?L/(o.length-1):1;qe("path",{d:w.join(""),class:"mv-ridge"+(x===a?" is-current":""),"fill-opacity":(.25+.6*A).toFixed(2),"data-step":e[x]},s)});let y=(x,L,k,E)=>{qe("text",{x,y:L,"text-anchor":E,class:"mv-axis-label"},s).textContent=k};return y(Z.left,Le-4,T(d),"start"),y(Rt-Z.right,Le-4,T(p),"end"),d<0&&p>0&&(qe("line",{x1:m(0),x2:m(0),y1:Z.top,y2:g,class:"mv-ridge-zero"},s),y(m(0),Le-4,"0","middle")),y(Z.left-6,f,`step ${e[o[0]]}`,"end"),o.length>1&&y(Z.left-6,g,`${e[o[o.length-1]]}`,"end"),r}var Cs="http://www.w3.org/2000/svg",ge=360,Xe=118,N={left:62,right:10,top:8,bottom:20};function W(i,e,t){let r=document.createElementNS(Cs,i);for(let[s,n]of Object.entries(e))r.setAttribute(s,String(n));return t?.appendChild(r),r}function Ee(i,e,t,r,s){W("text",{x:e,y:t,"text-anchor":s,class:"mv-axis-label"},i).textContent=r}function ui(i){let e=le(i.statistic),{steps:t,values:r}=i,s=w=>ue(i.statistic,w),n=i.currentStep===null?-1:t.indexOf(i.currentStep),a=l("span",{class:"mv-trend-value mv-mono"},n>=0?s(r[n]):""),o=l("div",{class:"mv-trend"+(i.highlighted?" is-highlighted":""),testid:"trend-chart",dataset:{statistic:i.statistic},title:i.description},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label"},e.label),a)),d=W("svg",{viewBox:`0 0 ${ge} ${Xe}`,class:"mv-chart mv-trend-svg",role:"img","aria-label":`${e.label} over steps`});o.appendChild(d);let p=r.filter(w=>w!==null&&Number.isFinite(w));if(p.length===0)return Ee(d,ge/2,Xe/2,"not recorded for this layer","middle"),o.classList.add("is-empty"),o;let h=Me(e.kind,p,e.preferLog),u=h.kind==="log",m=h.kind==="diverging"?Math.min(...p):h.lo,f=h.kind==="diverging"?Math.max(...p):h.hi;if(!u&&f-m<=0){let w=Math.abs(f)*.5||1;m=e.kind==="signed"?m-w:Math.max(0,m-w),f=f+w}let g=ge-N.left-N.right,v=Xe-N.top-N.bottom,y=t[0],x=t[t.length-1],L=w=>N.left+(x===y?g/2:(w-y)/(x-y)*g),k=w=>{let A=u?w<=0?0:(Math.log10(w)-Math.log10(m))/(Math.log10(f)-Math.log10(m)||1):(w-m)/(f-m);return N.top+v-Math.max(0,Math.min(1,A))*v};W("line",{x1:N.left,x2:ge-N.right,y1:N.top+v+.5,y2:N.top+v+.5,class:"mv-axis"},d),!u&&m<0&&f>0&&W("line",{x1:N.left,x2:ge-N.right,y1:k(0),y2:k(0),class:"mv-zero-line"},d),Ee(d,N.left-5,N.top+8,s(f),"end"),Ee(d,N.left-5,N.top+v,s(m),"end"),u&&Ee(d,N.left-5,N.top+v/2+4,"log","end"),Ee(d,N.left,Xe-5,`step ${y}`,"start"),Ee(d,ge-N.right,Xe-5,`step ${x}`,"end");for(let w of i.inputChangeSteps??[])W("line",{x1:L(w),x2:L(w),y1:N.top+v-5,y2:N.top+v+4,class:"mv-trend-input-change"},d);for(let w of i.alertSteps)W("line",{x1:L(w),x2:L(w),y1:N.top,y2:N.top+v,class:"mv-trend-alert"},d);let E="",_=!1;if(r.forEach((w,A)=>{if(w===null||!Number.isFinite(w)){_=!1;return}E+=`${_?"L":"M"}${L(t[A]).toFixed(1)},${k(w).toFixed(1)}`,_=!0}),W("path",{d:E,class:"mv-trend-line"},d),t.length<=40&&r.forEach((w,A)=>{w!==null&&Number.isFinite(w)&&W("circle",{cx:L(t[A]),cy:k(w),r:1.8,class:"mv-trend-point"},d)}),n>=0){let w=L(t[n]);W("line",{x1:w,x2:w,y1:N.top,y2:N.top+v,class:"mv-cursor"},d);let A=r[n];A!==null&&Number.isFinite(A)&&W("circle",{cx:w,cy:k(A),r:3.5,class:"mv-cursor-dot"},d)}let P=W("line",{x1:0,x2:0,y1:N.top,y2:N.top+v,class:"mv-trend-guide",visibility:"hidden"},d),S=w=>{let A=d.getBoundingClientRect(),K=(w.clientX-A.left)/A.width*ge,Ne=0;for(let fe=1;fe<t.length;fe++)Math.abs(L(t[fe])-K)<Math.abs(L(t[Ne])-K)&&(Ne=fe);return Ne},z=a.textContent??"";return d.addEventListener("mousemove",w=>{let A=S(w);P.setAttribute("x1",String(L(t[A]))),P.setAttribute("x2",String(L(t[A]))),P.setAttribute("visibility","visible"),a.textContent=`step ${t[A]}: ${s(r[A])}`}),d.addEventListener("mouseleave",()=>{P.setAttribute("visibility","hidden"),a.textContent=z}),d.addEventListener("click",w=>i.onPick(t[S(w)])),o}var Ns=["activation_mean","activation_std","activation_absmax","activation_zeros","activation_nonfinite","param_norm","grad_norm","update_ratio"],As=["activation_saturated","param_nonfinite","grad_nonfinite"],Ce="activation_std",$s=150,Ot=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"statisticSelect");c(this,"hideEmpty");c(this,"legendSlot");c(this,"matrixArea");c(this,"matrixMessage");c(this,"side");c(this,"distributions",l("section",{class:"mv-distributions"}));c(this,"heatmap");c(this,"filterInput");c(this,"groupSelect");c(this,"countLabel");c(this,"openGroups",new Set);c(this,"zoom",Nt);c(this,"groupChosen",!1);c(this,"revealedGroup",null);c(this,"layerShownInMatrix",null);c(this,"context",null);c(this,"statistic",Ce);c(this,"alerts",[]);c(this,"visible",!1);c(this,"matrix",null);c(this,"matrixRun","");c(this,"matrixFor","");c(this,"trendsFor","");c(this,"generation",0);this.statisticSelect=l("select",{testid:"heatmap-statistic",attrs:{"aria-label":"Statistic of the heatmap"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...oe.map(n=>l("option",{attrs:{value:n.name}},n.label))),this.hideEmpty=l("input",{testid:"heatmap-hide-empty",attrs:{type:"checkbox",checked:!0},on:{change:()=>this.showMatrix()}}),this.legendSlot=l("div",{class:"mv-legend-slot"}),this.heatmap=new Ct({onPick:(n,a)=>this.pick(n,a)}),this.filterInput=l("input",{class:"mv-search mv-trends-filter",testid:"heatmap-filter",attrs:{type:"search",placeholder:"Filter layers by name or type","aria-label":"Filter the heatmap's layers"},on:{input:()=>this.showMatrix()}}),this.groupSelect=l("select",{testid:"heatmap-group",attrs:{"aria-label":"Group the heatmap's rows"},on:{change:()=>{this.groupChosen=!0,this.showMatrix()}}},l("option",{attrs:{value:"none"}},"every layer"),l("option",{attrs:{value:"block"}},"numbered blocks (h.0, h.1, …)"),l("option",{attrs:{value:"top"}},"top-level modules")),this.countLabel=l("span",{class:"mv-muted mv-trends-count",testid:"heatmap-count"});let r=(n,a,o,d)=>l("button",{class:"mv-button",title:a,testid:o,attrs:{type:"button"},on:{click:d}},n);this.matrixMessage=l("div",{class:"mv-muted mv-matrix-message",testid:"heatmap-message"});let s=l("div",{class:"mv-trends-tools"},this.filterInput,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Group"),this.groupSelect),l("span",{class:"mv-trends-zoom"},r("−","Thinner rows (more of them on screen)","heatmap-zoom-out",()=>this.setZoom(-1)),r("+","Taller rows","heatmap-zoom-in",()=>this.setZoom(1)),r("Fit","Every row on screen at once","heatmap-zoom-fit",()=>this.setZoom(0))),this.countLabel);this.matrixArea=l("div",{class:"mv-trends-matrix"},s,this.heatmap.element,this.matrixMessage),this.side=l("aside",{class:"mv-trends-side",testid:"trends-panel"}),this.element=l("section",{class:"mv-view mv-trends"},l("div",{class:"mv-view-bar"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Heatmap of"),this.statisticSelect),l("label",{class:"mv-check",title:"Leave out layers that have no value of this statistic (e.g. weight norms of a ReLU)"},this.hideEmpty,"only layers with values"),this.legendSlot,l("span",{class:"mv-spacer"}),l("span",{class:"mv-muted mv-hint"},"Click a cell to open that layer at that step")),l("div",{class:"mv-trends-body"},this.matrixArea,this.side))}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=oe.some(t=>t.name===e)?e:Ce,this.statisticSelect.value=this.statistic,this.trendsFor="",this.refresh()}setAlerts(e){this.alerts=e,this.trendsFor="",this.refresh()}setVisible(e){this.visible=e,e&&(this.refresh(),this.heatmap.redraw())}invalidate(){this.matrixFor="",this.trendsFor=""}redraw(){this.visible&&this.heatmap.redraw()}refresh(){let e=this.context;if(!this.visible||!e)return;let t=[e.run,e.tag,this.statistic].join("\0");t!==this.matrixFor&&(this.matrixFor=t,this.loadMatrix(e,this.statistic,t)),this.heatmap.setSelection(this.shownLayer(),e.step),this.matrix&&this.shownLayer()!==this.layerShownInMatrix&&this.showMatrix();let r=this.shownLayer(),s=[e.run,e.tag,e.step,r].join("\0");s!==this.trendsFor&&(this.trendsFor=s,this.loadTrends(e,r))}shownLayer(){let e=this.context;if(e?.layer)return e.layer;if(this.alerts.length)return this.alerts[0].layer;let t=this.matrix;if(!t||!e||this.matrixRun!==gi(e))return null;let r=t.layers.findIndex((s,n)=>s.depth!==0&&t.values[n].some(a=>a!==null));return r>=0?t.layers[r].key:null}async loadMatrix(e,t,r){let s=++this.generation;this.showMatrixMessage(this.matrix?null:"Reading every logged step…");try{let n=await this.store.statMatrix(e.run,e.tag,t);if(r!==this.matrixFor||s!==this.generation)return;this.matrix=n,this.matrixRun=gi(e),this.showMatrix(),this.trendsFor="",this.refresh()}catch(n){if(r!==this.matrixFor)return;this.matrix=null,this.heatmap.setData(null),b(this.legendSlot),this.showMatrixMessage(n.message,!0)}}showMatrix(){let e=this.matrix;if(!e)return;let t=e.layers.map((m,f)=>f).filter(m=>!this.hideEmpty.checked||e.values[m].some(f=>f!==null));this.groupChosen||(this.groupSelect.value=t.length>$s?"block":"none");let r=e.layers.find(m=>m.key===this.shownLayer()),s=r?At(r.name,this.groupSelect.value):null;s!==null&&s!==this.revealedGroup&&(this.openGroups.add(s),this.revealedGroup=s);let n=le(e.statistic),a=Me(n.kind,t.flatMap(m=>e.values[m]),n.preferLog),o=hi(t.map(m=>e.layers[m]),t.map(m=>e.values[m]),e.steps.length,this.filterInput.value,this.groupSelect.value,this.openGroups),d=o.filter(m=>m.group).length;this.countLabel.textContent=`${o.length.toLocaleString("en-US")} rows`+(d?` (${d} groups)`:"")+` of ${t.length.toLocaleString("en-US")} layers`;let p=m=>ue(e.statistic,m);if(b(this.legendSlot,te(a,{format:m=>p(m),missing:"no value",testid:"heatmap-legend"})),o.length===0){this.heatmap.setData(null),this.showMatrixMessage(t.length===0?`No layer has a value of “${n.label}” at any step.`:`No layer matches “${this.filterInput.value.trim()}”.`);return}let h=e.unreadable.length?` ${e.unreadable.length} damaged step(s) left out.`:"";this.showMatrixMessage(h?h.trim():null),this.heatmap.setData({steps:e.steps,layers:o.map(m=>m.layer),values:o.map(m=>m.values),scale:a,format:p});let u=this.shownLayer();this.layerShownInMatrix=u,u&&this.heatmap.reveal(u),this.element.dataset.statistic=e.statistic}pick(e,t){if(e.startsWith($t)){let r=e.slice($t.length);this.openGroups.has(r)?this.openGroups.delete(r):this.openGroups.add(r),this.showMatrix();return}this.handlers.onPick(e,t)}setZoom(e){let t=[3,5,8,11,Nt,18,24];if(e===0)this.zoom="fit";else{let r=this.heatmap.rowHeight(),s=e>0?t.find(n=>n>r+.5):[...t].reverse().find(n=>n<r-.5);this.zoom=s??(e>0?t[t.length-1]:t[0])}this.heatmap.setRowHeight(this.zoom)}showMatrixMessage(e,t=!1){this.matrixMessage.hidden=e===null,this.matrixMessage.classList.toggle("mv-error-text",t),this.matrixMessage.textContent=e??""}async loadTrends(e,t){if(t===null){b(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Pick a layer in the heatmap to see its statistics over training."));return}let r=this.trendsFor;this.side.querySelector(".mv-trend")||b(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Loading…"));try{let s=await this.store.layerTrends(e.run,e.tag,t);if(r!==this.trendsFor)return;this.renderTrends(s,e.step)}catch(s){if(r!==this.trendsFor)return;b(this.side,l("p",{class:"mv-error-text mv-trends-empty"},s.message))}}renderTrends(e,t){let r=e.layer,s=Hs(e),n=this.alerts.filter(p=>p.layer===r.key),a=p=>(e.statistics[p]??[]).some(h=>h!==null&&h!==0),o=[...Ns,...As.filter(a)],d=[this.statistic,...o.filter(p=>p!==this.statistic)];b(this.side,l("div",{class:"mv-trends-head"},l("h2",{class:"mv-mono",testid:"trends-layer-name",title:I(r)},I(r)),l("span",{class:"mv-type-chip"},r.type??"?"),l("span",{class:"mv-spacer"}),X(r.key,"trends")),...n.map(p=>l("div",{class:"mv-trends-alert",testid:"trends-alert"},l("span",{class:"mv-alert-kind",dataset:{kind:p.kind}},xe(p.kind)),p.message)),s.distinct>1?Os(s):null,l("div",{class:"mv-trend-grid"},...d.map(p=>ui({statistic:p,description:e.descriptions[p]??"",steps:e.steps,values:e.statistics[p]??e.steps.map(()=>null),currentStep:t,alertSteps:n.filter(h=>h.statistic===p).map(h=>h.step),inputChangeSteps:s.ticked?s.steps:[],highlighted:p===this.statistic,onPick:h=>this.handlers.onStep(h)}))),l("p",{class:"mv-muted mv-trends-note"},"Weight and gradient norms combine the layer's own parameters; the update ratio is ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous logged step."),this.distributions),this.loadDistributions(r.key,t,this.trendsFor)}async loadDistributions(e,t,r){let s=this.context;if(s){b(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("p",{class:"mv-muted"},"Loading histograms…"));try{let n=await this.store.histograms(s.run,s.tag,e);if(r!==this.trendsFor)return;let a=[Ht({title:"output",testid:"distribution-chart",steps:n.steps,histograms:n.activation,currentStep:t}),...Object.entries(n.params).map(([o,d])=>Ht({title:o,steps:n.steps,histograms:d,currentStep:t})),...Object.entries(n.grads).map(([o,d])=>Ht({title:`${o} gradient`,steps:n.steps,histograms:d,currentStep:t}))];b(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("div",{class:"mv-trend-grid",testid:"distributions"},...a),l("p",{class:"mv-muted mv-trends-note"},"One ridge per logged step, the earliest at the back; each is the step's stored histogram (32 bins) as a density. The current step is outlined."))}catch(n){if(r!==this.trendsFor)return;b(this.distributions,l("p",{class:"mv-error-text"},`Could not read the histograms: ${n.message}`))}}}};function gi(i){return i.run+"\0"+i.tag}var Rs=12;function Hs(i){let e=i.inputs??[],t=e.filter(a=>a!==null),r=i.steps.filter((a,o)=>o>0&&e[o]!=null&&e[o-1]!=null&&e[o]!==e[o-1]),s=new Set(t).size,n=s===t.length;return{distinct:s,steps:r,everyStep:n,ticked:!n&&r.length<=Rs}}function Os(i){let e=i.everyStep?"Each logged step ran on different inputs":`The logged steps ran on ${i.distinct} different inputs`,t=i.ticked?" Ticks on the step axis mark where they changed.":"";return l("div",{class:"mv-trends-alert mv-inputs-note",testid:"trends-different-inputs",dataset:{inputs:String(i.distinct)}},l("strong",{},e),l("span",{},` The lines mix how the model changed with how its inputs differ.${t} To follow the model alone, log the same inputs at every step (a fixed probe batch).`))}var Ds=900,Dt=class{constructor(e){c(this,"root");c(this,"store",new et);c(this,"bridge",new Ze);c(this,"toolbar");c(this,"main");c(this,"overlay");c(this,"graph");c(this,"layers");c(this,"activations");c(this,"trends");c(this,"compare");c(this,"alertsView");c(this,"alertStrip");c(this,"viewElements");c(this,"selection",{run:null,tag:null,step:null,view:"graph",layer:null,stat:Ce,overlay:null,ref:null});c(this,"alerts",[]);c(this,"alertsFor","");c(this,"alertsShown","");c(this,"requested",{});c(this,"runs",[]);c(this,"structure",null);c(this,"structureRun","");c(this,"stepDoc",null);c(this,"loadGeneration",0);c(this,"loading",!1);c(this,"playing",!1);c(this,"playTimer");c(this,"followLatest",!0);c(this,"urlWrite",null);c(this,"followingUrl",!1);this.root=e,this.toolbar=new it({onRun:t=>this.chooseRun(t),onTag:t=>this.chooseTag(t),onStep:t=>{this.stopPlaying(),this.chooseStep(t)},onTogglePlay:()=>this.playing?this.stopPlaying():this.startPlaying(),onView:t=>this.showView(t)}),this.graph=new Mt({onSelect:t=>this.selectLayer(t,"graph"),onOpenActivations:t=>this.openActivations(t),renderThumbnail:(t,r)=>this.renderThumbnail(t,r),onOverlay:t=>{this.selection.overlay=t,this.graph.setOverlay(t),this.writeUrl("push")}}),this.layers=new Lt({onSelect:t=>this.selectLayer(t,"layers"),onOpenActivations:t=>this.openActivations(t)}),this.activations=new ot(this.store,{onSelect:t=>this.selectLayer(t,"activations"),onStep:t=>this.goToStep(t)}),this.trends=new Ot(this.store,{onPick:(t,r)=>{this.selectLayer(t,"trends"),this.goToStep(r)},onStep:t=>this.goToStep(t),onStatistic:t=>this.chooseStatistic(t)}),this.compare=new kt(this.store,{onReference:(t,r)=>{this.selection.ref={run:t,step:r},this.writeUrl("push"),this.updateCompare()},onSelect:t=>this.selectLayer(t,"compare"),onStatistic:t=>this.chooseStatistic(t)}),this.alertsView=new lt({onOpen:t=>this.openAlert(t)}),this.alertStrip=new dt({onOpen:t=>this.openAlert(t),onShowAll:()=>this.showView("alerts")}),this.viewElements={graph:this.graph.element,layers:this.layers.element,activations:this.activations.element,trends:this.trends.element,compare:this.compare.element,alerts:this.alertsView.element},this.overlay=l("div",{class:"mv-overlay",testid:"message"}),this.main=l("main",{class:"mv-main"},...Object.values(this.viewElements),this.overlay),b(this.root,this.toolbar.element,this.alertStrip.element,this.main),this.showView("graph",!1),hr(t=>{document.documentElement.classList.toggle("mv-dark",t),this.graph.setDark(t),this.compare.setDark(t),this.trends.redraw()}),this.bridge.onDataReloaded(()=>{this.reload()}),Cr({open:(t,r)=>this.openLayerIn(t,r),href:(t,r)=>wr({...this.urlState(),view:t,layer:r})})}openLayerIn(e,t){this.selectLayer(t,e==="graph"?"layers":e),this.showView(e)}async start(){this.showOverlay(Je("Loading runs…"));let e=zt()??nt(await this.bridge.urlData());this.requested={...e,...It()},this.requested.view&&this.showView(this.requested.view,!1),this.requested.layer&&(this.selection.layer=this.requested.layer),this.requested.stat&&(this.selection.stat=this.requested.stat),this.trends.setStatistic(this.selection.stat),this.compare.setStatistic(this.selection.stat),this.requested.overlay&&(this.selection.overlay=this.requested.overlay,this.graph.setOverlay(this.requested.overlay)),this.requested.ref_run!==void 0&&this.requested.ref_step!==void 0&&(this.selection.ref={run:this.requested.ref_run,step:this.requested.ref_step}),Sr(t=>this.followUrl(t)),await this.loadRuns()}followUrl(e){this.followingUrl=!0;try{this.stopPlaying(),this.showView(e.view??"graph"),this.chooseStatistic(e.stat??Ce),this.selection.overlay=e.overlay??null,this.graph.setOverlay(this.selection.overlay),this.selection.ref=e.ref_run!==void 0&&e.ref_step!==void 0?{run:e.ref_run,step:e.ref_step}:null;let t=e.run!==void 0&&e.run!==this.selection.run||e.tag!==void 0&&e.tag!==this.selection.tag;this.selection.layer=e.layer??null,t?(this.selection.run=e.run??this.selection.run,this.selection.tag=e.tag??null,this.selection.step=null,this.followLatest=!0,this.requested=e,this.applyRuns()):e.step!==void 0&&e.step!==this.selection.step&&this.steps().length&&this.goToStep(ar(this.steps(),e.step)),this.selectLayer(this.selection.layer,"url")}finally{this.followingUrl=!1}}async loadRuns(){this.showOverlay(Je("Loading runs…"));try{this.runs=(await this.store.runs()).runs??[]}catch(e){this.showOverlay(_t("Could not list the runs",e.message,()=>{this.loadRuns()}));return}this.applyRuns()}applyRuns(){let e=this.runs.filter(o=>o.tags.some(d=>d.steps.length>0));if(this.toolbar.setHasData(e.length>0),e.length===0){this.selection.run=this.selection.tag=this.selection.step=null,this.setAlerts(null),this.showOverlay(mr());return}let t=this.requested,r=e.find(o=>o.run===(this.selection.run??t.run))??e[0],s=r.run===this.selection.run?this.selection.tag:t.tag,n=r.tags.find(o=>o.tag===s&&o.steps.length)??r.tags.find(o=>o.steps.length),a;this.selection.step!==null&&r.run===this.selection.run&&n.tag===this.selection.tag&&!this.followLatest?a=ar(n.steps,this.selection.step):this.selection.step===null&&t.step!==void 0?(a=ar(n.steps,t.step),this.followLatest=a===n.steps[n.steps.length-1]):a=n.steps[n.steps.length-1],this.selection.run=r.run,this.selection.tag=n.tag,this.toolbar.setRuns(e,r.run,n.tag),this.toolbar.setSteps(n.steps,a),this.loadAlerts(r.run,n.tag),this.loadStep(a)}steps(){return this.runs.find(t=>t.run===this.selection.run)?.tags.find(t=>t.tag===this.selection.tag)?.steps??[]}chooseRun(e){this.stopPlaying(),this.selection.run=e,this.selection.tag=null,this.selection.step=null,this.followLatest=!0,this.requested={},this.writeUrl("push"),this.applyRuns()}chooseTag(e){this.stopPlaying(),this.selection.tag=e,this.selection.step=null,this.followLatest=!0,this.requested={run:this.selection.run??void 0,tag:e},this.writeUrl("push"),this.applyRuns()}chooseStep(e){let t=this.steps();this.followLatest=e===t[t.length-1],this.loadStep(e)}async reload(){let e;try{e=(await this.store.runs()).runs??[]}catch{return}if(this.store.invalidate(),this.trends.invalidate(),this.compare.invalidate(),this.runs=e,this.alertsFor="",this.playing){let t=this.steps();this.toolbar.setSteps(t,this.selection.step??t[0]);return}this.applyRuns()}async loadStep(e){let t=this.selection.run,r=this.selection.tag;if(t===null||r===null)return;let s=++this.loadGeneration,n={run:t,tag:r,step:e},a=this.stepDoc&&this.selection.step===e&&this.stepDoc.tag===r&&this.structure;this.selection.step=e,this.writeUrl(),this.setLoading(!0),this.structure||this.showOverlay(Je(`Loading step ${e} of ${t}…`));try{let o=await this.store.step(n),d=this.structure&&this.structure.hash===o.structure&&this.structureRun===t+"\0"+r?this.structure:await this.store.structure(n,o.structure);if(s!==this.loadGeneration)return;if(this.showOverlay(null),a&&o.wall_time===this.stepDoc?.wall_time&&d===this.structure){this.updateTrends(),this.updateCompare();return}this.apply(n,d,o)}catch(o){if(s!==this.loadGeneration||ve(o))return;this.stopPlaying(),this.structure=null,this.stepDoc=null,this.toolbar.setSummary(null),this.showOverlay(_t(`Could not load step ${e} of run “${t}”`,o.message,()=>{this.loadStep(e)}))}finally{s===this.loadGeneration&&this.setLoading(!1)}}apply(e,t,r){let s=t!==this.structure;this.structure=t,this.structureRun=e.run+"\0"+e.tag,this.stepDoc=r,this.toolbar.setStepDetail(r.wall_time??null),s&&(this.toolbar.setSummary(t),this.selection.layer&&!t.layers.some(n=>n.key===this.selection.layer)&&(this.selection.layer=null),this.layers.setStructure(t),this.graph.setStructure(t).then(()=>{this.structure===t&&this.graph.select(this.selection.layer)})),this.layers.setStep(r),this.graph.setStep(r),this.activations.setData(t,r,e),this.layers.select(this.selection.layer),this.activations.setLayer(this.selection.layer),this.updateTrends(),this.updateCompare()}updateTrends(){let{run:e,tag:t,step:r,layer:s}=this.selection;e===null||t===null||r===null||this.trends.setContext({run:e,tag:t,step:r,layer:s})}reference(e,t,r){let s=this.selection.ref;if(s){let o=this.runs.find(p=>p.run===s.run),d=o?.tags.find(p=>p.tag===t)??o?.tags[0];if(d&&d.steps.includes(s.step))return{run:s.run,tag:d.tag,step:s.step}}let n=this.steps();if(n.length===0)return null;let a=n[0]===r&&n.length>1?n[n.length-1]:n[0];return{run:e,tag:t,step:a}}updateCompare(){let{run:e,tag:t,step:r,layer:s}=this.selection;if(e===null||t===null||r===null||!this.structure)return;let n=this.reference(e,t,r);n&&this.compare.setContext({runs:this.runs,a:n,b:{run:e,tag:t,step:r},structure:this.structure,layer:s})}async loadAlerts(e,t){let r=e+"\0"+t;if(r!==this.alertsFor){this.alertsFor=r,r!==this.alertsShown&&(this.setAlerts(null),this.alertsView.showLoading());try{let s=await this.store.alerts(e,t);if(r!==this.alertsFor)return;this.alertsShown=r,this.setAlerts(s.alerts),this.alertsView.setAlerts(s,e)}catch(s){if(r!==this.alertsFor)return;this.alertsFor=this.alertsShown="",this.setAlerts(null),this.alertsView.showError(`Could not check this run for problems: ${s.message}`)}}}setAlerts(e){this.alerts=e??[],this.toolbar.setAlertCount(e===null?null:e.length),this.alertStrip.setAlerts(e),this.graph.setAlerts(this.alerts),this.trends.setAlerts(this.alerts)}openAlert(e){this.writeUrl("push"),this.selectLayer(e.layer,"alerts"),this.chooseStatistic(e.statistic),this.showView("trends"),this.steps().includes(e.step)&&this.goToStep(e.step)}chooseStatistic(e){this.selection.stat=e,this.trends.setStatistic(e),this.compare.setStatistic(e),this.writeUrl("push")}goToStep(e){this.writeUrl("push"),this.stopPlaying(),this.toolbar.setSteps(this.steps(),e),this.chooseStep(e)}setLoading(e){this.loading=e,this.toolbar.setLoading(e)}startPlaying(){let e=this.steps();e.length<2||(this.selection.step===e[e.length-1]&&(this.toolbar.setSteps(e,e[0]),this.loadStep(e[0])),this.playing=!0,this.toolbar.setPlaying(!0),this.scheduleTick())}stopPlaying(){this.playing=!1,window.clearTimeout(this.playTimer),this.toolbar.setPlaying(!1)}scheduleTick(){window.clearTimeout(this.playTimer),this.playTimer=window.setTimeout(()=>this.tick(),Ds)}tick(){if(!this.playing)return;if(this.loading){this.scheduleTick();return}let e=this.steps(),t=e.indexOf(this.selection.step??NaN);if(t<0||t>=e.length-1){this.stopPlaying();return}let r=e[t+1];this.toolbar.setSteps(e,r),this.chooseStep(r);let s=e[t+2];s!==void 0&&this.selection.run&&this.selection.tag&&this.store.step({run:this.selection.run,tag:this.selection.tag,step:s}).catch(()=>{}),this.scheduleTick()}showView(e,t=!0){this.selection.view=e,this.toolbar.setView(e);for(let r of Gt)this.viewElements[r].hidden=r!==e;this.activations.setVisible(e==="activations"),this.trends.setVisible(e==="trends"),this.compare.setVisible(e==="compare"),t&&this.writeUrl("push")}selectLayer(e,t){this.selection.layer=e,t!=="graph"&&this.graph.select(e),this.layers.select(e),this.activations.setLayer(e),this.updateTrends(),this.updateCompare(),this.writeUrl("push")}openActivations(e){this.selectLayer(e,"layers"),this.showView("activations")}async renderThumbnail(e,t){let{run:r,tag:s,step:n}=this.selection;if(r===null||s===null||n===null)throw new Error("no step is selected");pr(t,await this.store.sample({run:r,tag:s,step:n},e))}writeUrl(e="replace"){let t=this.urlWrite;this.urlWrite=t==="push"||e==="push"&&!this.followingUrl?"push":"replace",t===null&&queueMicrotask(()=>{let r=this.urlWrite??"replace";this.urlWrite=null,Mr(this.urlState(),r)})}urlState(){let{run:e,tag:t,step:r,view:s,layer:n,stat:a,overlay:o,ref:d}=this.selection;return{run:e??void 0,tag:t??void 0,step:r??void 0,view:s,layer:n??void 0,stat:a===Ce?void 0:a,overlay:o??void 0,ref_run:d?.run,ref_step:d?.step}}showOverlay(e){this.overlay.hidden=e===null,b(this.overlay,e)}};function ar(i,e){let t=i[0];for(let r of i)Math.abs(r-e)<Math.abs(t-e)&&(t=r);return t}var fi=`/* tensorboard_modelviz dashboard. Colours are variables so TensorBoard's dark mode is one class. */

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

li > .mv-layer-links {
  margin: 4px 0 10px 12px;
}
`;function vl(){let i=document.createElement("style");i.textContent=fi,document.head.appendChild(i);let e=document.createElement("div");e.className="mv-app",document.body.appendChild(e),new Dt(e).start()}export{vl as render};
