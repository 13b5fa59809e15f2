var Vi=Object.defineProperty;var _i=(i,e,t)=>e in i?Vi(i,e,{enumerable:!0,configurable:!0,writable:!0,value:t}):i[e]=t;var c=(i,e,t)=>_i(i,typeof e!="symbol"?e+"":e,t);var ye=class extends Error{constructor(t,r){super(t);c(this,"status",r);this.name="ApiError"}},hr=zi();function zi(){let i=typeof document>"u"?null:document.getElementById("modelviz-snapshot");if(!i?.textContent)return null;try{return new Map(Object.entries(JSON.parse(i.textContent)))}catch{return null}}function Bi(i,e){let t=Object.entries(e).map(([r,s])=>[r,String(s)]).sort(([r],[s])=>r<s?-1:r>s?1:0);return JSON.stringify([i,t])}async function B(i,e={},t){if(hr){let a=hr.get(Bi(i,e));if(a===void 0)throw new ye("This snapshot holds one step of one run (its graph, layer table, statistics, activation maps and alerts); open the run in TensorBoard for the rest.",404);return a}let r=new URLSearchParams;for(let[a,d]of Object.entries(e))r.set(a,String(d));let s="./"+i+(r.toString()?"?"+r.toString():""),n;try{n=await fetch(s,{signal:t,headers:{Accept:"application/json"}})}catch(a){throw a.name==="AbortError"?a:new ye("Could not reach the TensorBoard server. Is it still running?",0)}let o=null;try{o=await n.json()}catch{o=null}if(!n.ok){let a=o&&typeof o=="object"&&typeof o.error=="string"?o.error:`The server answered ${n.status} ${n.statusText||""}`.trim()+` for ${i}.`;throw new ye(a,n.status)}if(o===null||typeof o!="object")throw new ye(`The server sent something that is not JSON for ${i}.`,n.status);return o}var _={runs:i=>B("runs",{},i),metrics:()=>B("metrics"),layerValues:i=>B("layer_values",{run:i.run,tag:i.tag,step:i.step}),structure:(i,e)=>B("structure",{run:i.run,tag:i.tag,step:i.step},e),step:(i,e)=>B("step",{run:i.run,tag:i.tag,step:i.step},e),activation:(i,e,t)=>B("activation",{run:i.run,tag:i.tag,step:i.step,layer:e},t),statMatrix:(i,e,t)=>B("stat_matrix",{run:i,tag:e,statistic:t}),layerTrends:(i,e,t)=>B("layer_trends",{run:i,tag:e,layer:t}),alerts:(i,e)=>B("alerts",{run:i,tag:e}),histograms:(i,e,t)=>B("histograms",{run:i,tag:e,layer:t}),stepDiff:(i,e)=>B("step_diff",ur(i,e)),architectureDiff:(i,e)=>B("architecture_diff",ur(i,e))};function ur(i,e){return{run:i.run,tag:i.tag,step:i.step,run_b:e.run,tag_b:e.tag,step_b:e.step}}function xe(i){return i instanceof Error&&i.name==="AbortError"}function l(i,e={},...t){let r=document.createElement(i);if(e.class&&(r.className=e.class),e.testid&&(r.dataset.testid=e.testid),e.title&&(r.title=Ue(e.title)),e.style&&Object.assign(r.style,e.style),e.dataset&&Object.assign(r.dataset,e.dataset),e.attrs)for(let[s,n]of Object.entries(e.attrs))n==null||n===!1||r.setAttribute(s,n===!0?"":String(n));if(e.on)for(let[s,n]of Object.entries(e.on))r.addEventListener(s,n);return mr(r,...t),r}function mr(i,...e){for(let t of e)t==null||t===!1||i.appendChild(typeof t=="string"||typeof t=="number"?document.createTextNode(Ue(String(t))):t)}var Fi=/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;function Ue(i){return Fi.test(i)?`⁨${i}⁩`:i}function w(i,...e){i.textContent="",mr(i,...e)}function Ne(i,e){let t=URL.createObjectURL(i),r=l("a",{attrs:{href:t,download:e},style:{display:"none"}});document.body.appendChild(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(t),1e4)}function F(i,e=16){let t="http://www.w3.org/2000/svg",{paths:r,filled:s}=ji[i],n=document.createElementNS(t,"svg");n.setAttribute("viewBox","0 0 24 24"),n.setAttribute("width",String(e)),n.setAttribute("height",String(e)),n.setAttribute("aria-hidden","true"),n.setAttribute("class",s?"icon icon-filled":"icon");for(let o of r){let a=document.createElementNS(t,"path");a.setAttribute("d",o),n.appendChild(a)}return n}var ji={play:{filled:!0,paths:["M8 5v14l11-7z"]},pause:{filled:!0,paths:["M6 5h4v14H6zM14 5h4v14h-4z"]},download:{filled:!1,paths:["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"]},search:{filled:!1,paths:["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"]},chevron:{filled:!1,paths:["M9 6l6 6l-6 6"]},activations:{filled:!1,paths:["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"]},retry:{filled:!1,paths:["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"]}},Ui="http://www.w3.org/2000/svg";function y(i,e={},t){let r=document.createElementNS(Ui,i);for(let[s,n]of Object.entries(e))r.setAttribute(s,String(n));return t?.appendChild(r),r}var fr=["viridis","magma","gray","diverging"],Wi={viridis:["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"],magma:["#000004","#180f3d","#440f76","#721f81","#9e2f7f","#cd4071","#f1605d","#fd9668","#feca8d","#fcfdbf"],gray:["#000000","#ffffff"],diverging:["#053061","#2166ac","#4393c3","#92c5de","#d1e5f0","#f7f7f7","#fddbc7","#f4a582","#d6604d","#b2182b","#67001f"]};function vr(i){let e=parseInt(i.slice(1),16);return[e>>16&255,e>>8&255,e&255]}var gr=new Map;function oe(i){let e=gr.get(i);if(e)return e;let t=Wi[i].map(vr);e=new Uint8ClampedArray(256*3);for(let r=0;r<256;r++){let s=r/255*(t.length-1),n=Math.min(Math.floor(s),t.length-2),o=s-n;for(let a=0;a<3;a++)e[r*3+a]=t[n][a]+(t[n+1][a]-t[n][a])*o}return gr.set(i,e),e}function Ae(i,e){let t=oe(i),r=Math.max(0,Math.min(255,Math.round(e*255)))*3;return`rgb(${t[r]}, ${t[r+1]}, ${t[r+2]})`}function We(i,e){i.width=256,i.height=1;let r=i.getContext("2d");if(!r)return;let s=r.createImageData(256,1),n=oe(e);for(let o=0;o<256;o++)s.data[o*4]=n[o*3],s.data[o*4+1]=n[o*3+1],s.data[o*4+2]=n[o*3+2],s.data[o*4+3]=255;r.putImageData(s,0,0)}function br(i){let e=null,t=/^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(i);if(t?e=[Number(t[1]),Number(t[2]),Number(t[3])]:/^#[0-9a-f]{6}$/i.test(i)&&(e=vr(i)),e===null)return["#1f2430","#3d4452"];let[r,s,n]=e.map(a=>{let d=a/255;return d<=.03928?d/12.92:((d+.055)/1.055)**2.4});return .2126*r+.7152*s+.0722*n>.22?["#111418","#2c323c"]:["#ffffff","#e4e8ee"]}function Re(i){let e=Math.max(Math.abs(i.lo),Math.abs(i.hi))||1;return{lo:-e,hi:e}}function we(i,e,t,r,s,n,o,a){i.width=Math.max(1,r),i.height=Math.max(1,s);let d=i.getContext("2d");if(!d||r===0||s===0)return;let p=oe(a),u=o.hi-o.lo||1,h=new Uint8Array(256);for(let g=0;g<256;g++){let x=(n.lo+g/255*(n.hi-n.lo)-o.lo)/u;h[g]=Math.max(0,Math.min(255,Math.round(x*255)))}let m=d.createImageData(r,s),f=m.data;for(let g=0;g<r*s;g++){let v=h[e[t+g]]*3;f[g*4]=p[v],f[g*4+1]=p[v+1],f[g*4+2]=p[v+2],f[g*4+3]=255}d.putImageData(m,0,0)}function le(i){let e=i.shape;return i.layout==="chw"?{planes:e[1],height:e[2],width:e[3]}:i.layout==="tf"?{planes:1,height:e[1],width:e[2]}:{planes:1,height:1,width:e[1]}}function he(i,e,t){let{planes:r,width:s,height:n}=le(i);return(e*r+t)*s*n}function yr(i,e,t="viridis"){let{planes:r,width:s,height:n}=le(e);if(i.style.width="100%",i.style.height="auto",i.style.imageRendering="pixelated",e.shape[0]===0||r===0||s===0||n===0)throw new Error("the sample is empty");if(e.layout==="vec"){let m=Math.max(1,Math.round(s/12)),f=document.createElement("canvas"),g={lo:e.lo[0][0],hi:e.hi[0][0]};we(f,e.values,0,s,1,g,g,t),i.width=s,i.height=m;let v=i.getContext("2d");if(!v)return;v.imageSmoothingEnabled=!1,v.drawImage(f,0,0,s,m);return}let o=Math.min(r,16),a=Math.ceil(Math.sqrt(o)),d=Math.ceil(o/a),p=Math.max(1,Math.round(Math.max(s,n)/16));i.width=a*s+(a-1)*p,i.height=d*n+(d-1)*p;let u=i.getContext("2d");if(!u)return;let h=document.createElement("canvas");for(let m=0;m<o;m++){let f={lo:e.lo[0][m],hi:e.hi[0][m]};we(h,e.values,he(e,0,m),s,n,f,f,t),u.drawImage(h,m%a*(s+p),Math.floor(m/a)*(n+p))}}var ue="modelviz",Ki="experimental.DataReloaded",qi="experimental.GetURLPluginData",Ke=class{constructor(){c(this,"port",null);c(this,"nextId",0);c(this,"pending",new Map);c(this,"reloadListeners",[]);if(window.parent===window)return;let e=new MessageChannel;this.port=e.port1,this.port.onmessage=t=>this.receive(t.data);try{window.parent.postMessage("experimental.bootstrap","*",[e.port2])}catch{this.port=null}}onDataReloaded(e){this.reloadListeners.push(e)}async urlData(){let e=await this.request(qi,{pluginName:ue},1500);if(!e||typeof e!="object")return{};let t={};for(let[r,s]of Object.entries(e))typeof s=="string"&&(t[r]=s);return t}request(e,t,r){let s=this.port;if(!s)return Promise.resolve(null);let n=this.nextId++;return new Promise(o=>{let a=setTimeout(()=>{this.pending.delete(n),o(null)},r);this.pending.set(n,d=>{clearTimeout(a),o(d)}),s.postMessage(JSON.stringify({type:e,id:n,payload:t,error:null,isReply:!1}))})}receive(e){let t;try{t=JSON.parse(String(e))}catch{return}if(t.isReply){let s=this.pending.get(t.id);this.pending.delete(t.id),s?.(t.error?null:t.payload);return}if(t.type===Ki)for(let s of this.reloadListeners)s();let r={type:t.type,id:t.id,payload:null,error:null,isReply:!0};this.port?.postMessage(JSON.stringify(r))}};function xr(i){let e=null;try{window.parent!==window&&(e=window.parent.document.body)}catch{e=null}if(e){let r=e,s=()=>i(r.classList.contains("dark-mode"));new MutationObserver(s).observe(r,{attributes:!0,attributeFilter:["class"]}),s();return}let t=window.matchMedia("(prefers-color-scheme: dark)");t.addEventListener("change",()=>i(t.matches)),i(t.matches)}function qe(i){return l("div",{class:"mv-message",testid:"loading-state",attrs:{role:"status"}},l("div",{class:"mv-spinner"}),l("p",{},i))}function _t(i,e,t){return l("div",{class:"mv-message is-error",testid:"error-state",attrs:{role:"alert"}},l("h2",{},i),l("p",{class:"mv-error-text",testid:"error-message"},e),l("button",{class:"mv-button",attrs:{type:"button"},on:{click:t}},F("retry",14),"Try again"))}function wr(){let i=(e,t=!1)=>l("span",{class:t?"mv-code-line is-highlight":"mv-code-line"},e);return l("div",{class:"mv-message",testid:"empty-state"},l("h2",{},"No model visualizations in this log directory yet"),l("p",{},"Record your model's graph, layer table and activations by adding one line to your training loop:"),l("pre",{class:"mv-code",testid:"empty-state-code"},i("from tensorboard_modelviz import SummaryWriter"),i(""),i('writer = SummaryWriter("runs/exp1")'),i("for step, (x, y) in enumerate(loader):"),i("    ...  # forward, backward, optimizer step"),i("    if step % 100 == 0:"),i("        writer.add_model_viz(model, x, step)",!0)),l("p",{class:"mv-muted"},"Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now."))}var me=class{constructor(e){c(this,"capacity",e);c(this,"entries",new Map)}get(e){let t=this.entries.get(e);return t!==void 0&&(this.entries.delete(e),this.entries.set(e,t)),t}set(e,t){for(this.entries.delete(e),this.entries.set(e,t);this.entries.size>this.capacity;){let r=this.entries.keys().next().value;this.entries.delete(r)}}delete(e){this.entries.delete(e)}clear(){this.entries.clear()}};function j(...i){return i.join("\0")}function Xi(i){let e=atob(i),t=new Uint8Array(e.length);for(let r=0;r<e.length;r++)t[r]=e.charCodeAt(r);return t}function Sr(i,e,t,r){let s=n=>typeof n=="number"&&Number.isFinite(n)?n:0;if(!Array.isArray(i)||i.length!==e)throw new Error(`activation sample: "${r}" does not have ${e} entries`);return i.map(n=>{if(Array.isArray(n)){if(n.length!==t)throw new Error(`activation sample: "${r}" does not have ${t} channels`);return n.map(s)}return[s(n)]})}var kr={chw:4,tf:3,vec:2};function Tr(i){let{layout:e,shape:t}=i;if(!(e in kr))throw new Error(`activation sample: unknown layout "${String(e)}"`);if(!Array.isArray(t)||t.length!==kr[e]||t.some(a=>!Number.isInteger(a)||a<0))throw new Error(`activation sample: shape ${JSON.stringify(t)} does not fit layout ${e}`);let r=Xi(i.data),s=t.reduce((a,d)=>a*d,1);if(r.length!==s)throw new Error(`activation sample: ${r.length} values for shape [${t.join(", ")}]`);let n=t[0],o=e==="chw"?t[1]:1;return{key:i.key,layout:e,shape:t,sourceShape:Array.isArray(i.source_shape)?i.source_shape:t,lo:Sr(i.lo,n,o,"lo"),hi:Sr(i.hi,n,o,"hi"),values:r}}function Xe(i,e,t){return e+i/255*(t-e)}var Ye=class{constructor(){c(this,"structures",new me(8));c(this,"steps",new me(64));c(this,"samples",new me(96));c(this,"overTime",new me(48))}runs(e){return _.runs(e)}step(e){let t=j(e.run,e.tag,e.step),r=this.steps.get(t);return r||(r=_.step(e).then(Zi),this.steps.set(t,r),r.catch(()=>this.steps.delete(t))),r}async structure(e,t){let r=t?this.structures.get(j(e.run,e.tag,t)):void 0;if(r)return r;let s=Yi(await _.structure(e));return this.structures.set(j(e.run,e.tag,s.hash||t||String(e.step)),s),s}sample(e,t){let r=j(e.run,e.tag,e.step,t),s=this.samples.get(r);return s||(s=_.activation(e,t).then(Tr),this.samples.set(r,s),s.catch(()=>this.samples.delete(r))),s}layerValues(e){return this.remember(j("layer_values",e.run,e.tag,e.step),()=>_.layerValues(e))}statMatrix(e,t,r){return this.remember(j("matrix",e,t,r),()=>_.statMatrix(e,t,r))}layerTrends(e,t,r){return this.remember(j("trends",e,t,r),()=>_.layerTrends(e,t,r))}histograms(e,t,r){return this.remember(j("histograms",e,t,r),()=>_.histograms(e,t,r))}alerts(e,t){return this.remember(j("alerts",e,t),()=>_.alerts(e,t))}stepDiff(e,t){return this.remember(j("step_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>_.stepDiff(e,t))}architectureDiff(e,t){return this.remember(j("arch_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>_.architectureDiff(e,t))}remember(e,t){let r=this.overTime.get(e);return r||(r=t(),this.overTime.set(e,r),r.catch(()=>this.overTime.delete(e))),r}invalidate(){this.steps.clear(),this.samples.clear(),this.overTime.clear()}},Mr=i=>typeof i=="object"&&i!==null&&!Array.isArray(i);function Yi(i){let e=["nodes","edges","layers"].filter(t=>!Array.isArray(i[t]));if(Mr(i.totals)||e.push("totals"),e.length)throw new Error(`The structure document is incomplete (no ${e.join(", ")}); it may come from an incompatible writer.`);return i}function Zi(i){if(typeof i.structure!="string")throw new Error("The step document names no structure; it may come from an incompatible writer.");for(let e of["activations","params","grads","samples"])Mr(i[e])||(i[e]={});return i}var Lr=["","k","M","G","T","P","E"];function zt(i,e,t){let r=0,s=Math.abs(i);for(;s>=e&&r<t.length-1;)s/=e,r++;let n=r===0?0:s<10?2:s<100?1:0;return[(i<0?"-":"")+s.toFixed(n).replace(/\.0+$/,""),t[r]]}function A(i){if(i==null)return"–";let[e,t]=zt(i,1e3,Lr);return t?`${e} ${t}`:e}function U(i){if(i==null)return"–";if(i===0)return"0";let[e,t]=zt(i,1e3,Lr);return`${e} ${t}FLOPs`}function W(i){if(i==null)return"–";let[e,t]=zt(i,1024,["B","KiB","MiB","GiB","TiB","PiB"]);return`${e} ${t}`}function D(i){return typeof i!="number"?"–":i.toLocaleString("en-US")}function q(i){return i?"["+i.join(", ")+"]":"–"}function te(i){return i==null?"?":i.length===0?"scalar":i.join("×")}function $e(i){return!i||i.length===0?"–":i.map(q).join(" ")}function L(i){if(typeof i!="number")return"–";if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(2):Number(i.toPrecision(4)).toString()}function Er(i,e,t){return Array.isArray(i)&&i.includes(e)&&t!=="–"?`≈ ${t}`:t}function re(i){if(typeof i!="number")return"–";let e=i*100;return(e===0||e>=10?e.toFixed(0):e.toFixed(1))+" %"}function Bt(i,e,t){let r=n=>Array.isArray(n)?n.join("×"):String(n),s=[];return i!=null&&s.push(r(i)),e!=null&&(Array.isArray(e)?e:[e]).some(o=>o!==1)&&s.push("/"+r(e)),t&&t>1&&s.push("g"+t),s.join(" ")}function Cr(i){return i?new Date(i*1e3).toLocaleString():""}function Ze(i,e){return e&&i.startsWith(e+".")?i.slice(e.length+1):i}var Ji=[["graph","Graph"],["layers","Layers"],["activations","Activations"],["trends","Trends"],["compare","Compare"],["alerts","Alerts"]],Je=class{constructor(e){c(this,"element");c(this,"runSelect");c(this,"tagSelect");c(this,"tagField");c(this,"slider");c(this,"stepLabel");c(this,"stepDetail");c(this,"playButton");c(this,"stepField");c(this,"tabs",new Map);c(this,"alertCount");c(this,"summary");c(this,"progress");c(this,"steps",[]);this.runSelect=l("select",{testid:"run-select",attrs:{"aria-label":"Run"},on:{change:()=>e.onRun(this.runSelect.value)}}),this.tagSelect=l("select",{testid:"tag-select",attrs:{"aria-label":"Model tag"},on:{change:()=>e.onTag(this.tagSelect.value)}}),this.tagField=l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Model"),this.tagSelect),this.slider=l("input",{testid:"step-slider",class:"mv-slider",attrs:{type:"range",min:0,max:0,step:1,value:0,"aria-label":"Step"},on:{input:()=>{let r=this.steps[Number(this.slider.value)];r!==void 0&&(this.showStepLabel(r),e.onStep(r))}}}),this.playButton=l("button",{testid:"play-button",class:"mv-icon-button",title:"Play through the steps",attrs:{type:"button","aria-label":"Play"},on:{click:()=>e.onTogglePlay()}}),this.stepLabel=l("span",{class:"mv-step-value",testid:"step-value"}),this.stepDetail=l("span",{class:"mv-step-detail"}),this.stepField=l("div",{class:"mv-step"},this.playButton,l("span",{class:"mv-field-label"},"Step"),this.slider,l("span",{class:"mv-step-readout"},this.stepLabel,this.stepDetail));let t=l("nav",{class:"mv-tabs",attrs:{role:"tablist"}});for(let[r,s]of Ji){let n=l("button",{class:"mv-tab",testid:`tab-${r}`,dataset:{view:r},attrs:{type:"button",role:"tab"},on:{click:()=>e.onView(r)}},s);this.tabs.set(r,n),t.appendChild(n)}this.alertCount=l("span",{class:"mv-tab-count",testid:"alert-count"}),this.alertCount.hidden=!0,this.tabs.get("alerts").appendChild(this.alertCount),this.summary=l("div",{class:"mv-summary",testid:"model-summary"}),this.progress=l("div",{class:"mv-progress",attrs:{"aria-hidden":"true"}}),this.element=l("header",{class:"mv-toolbar"},l("div",{class:"mv-toolbar-row"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),this.tagField,this.stepField),l("div",{class:"mv-toolbar-row mv-toolbar-tabs"},t,this.summary),this.progress),this.setPlaying(!1)}setRuns(e,t,r){w(this.runSelect,...e.map(n=>l("option",{attrs:{value:n.run}},n.run))),this.runSelect.value=t,this.runSelect.title=t;let s=e.find(n=>n.run===t)?.tags??[];w(this.tagSelect,...s.map(n=>l("option",{attrs:{value:n.tag}},n.tag))),this.tagSelect.value=r,this.tagField.hidden=s.length<2}setSteps(e,t){this.steps=e,this.slider.max=String(Math.max(0,e.length-1));let r=e.indexOf(t);this.slider.value=String(Math.max(0,r)),this.slider.disabled=e.length<2,this.playButton.disabled=e.length<2,this.showStepLabel(t)}setStepDetail(e){let t=this.steps.indexOf(Number(this.stepLabel.dataset.step)),r=this.steps.length>1?`${t+1} of ${this.steps.length}`:"only step";this.stepDetail.textContent=e?`${r} · ${Cr(e)}`:r}showStepLabel(e){this.stepLabel.textContent=String(e),this.stepLabel.dataset.step=String(e)}setPlaying(e){w(this.playButton,F(e?"pause":"play",18)),this.playButton.title=e?"Pause":"Play through the steps",this.playButton.setAttribute("aria-label",e?"Pause":"Play"),this.playButton.classList.toggle("is-active",e)}setView(e){for(let[t,r]of this.tabs)r.classList.toggle("is-active",t===e),r.setAttribute("aria-selected",String(t===e))}setAlertCount(e){this.alertCount.hidden=e===null,this.alertCount.textContent=e===null?"":String(e),this.alertCount.classList.toggle("is-alert",(e??0)>0)}setLoading(e){this.progress.classList.toggle("is-loading",e)}setHasData(e){this.element.classList.toggle("is-empty",!e)}setSummary(e){if(!e){this.summary.textContent="";return}let t=e.totals,r=(n,o,a)=>l("span",{class:"mv-chip",title:a},l("span",{class:"mv-chip-label"},n),o),s=e.inputs[0];w(this.summary,l("span",{class:"mv-model-type",title:"Model class"},e.model_type),r("params",A(t.params),`${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`),r("compute",U(t.flops),"Floating-point operations of one forward pass"),r("activations",W(t.output_bytes),"Bytes returned by all leaf module calls in one forward pass"),s?r("input",q(s.shape),`${s.name}: ${s.dtype}`):null)}};var jt=["graph","layers","activations","trends","compare","alerts"],Qi=["run","tag","step","view","layer","stat","overlay","direction","ref_run","ref_step","trend_runs"],ge=`p.${ue}.`;function De(i){let e=[];for(let t of i.replace(/^#/,"").split("&")){if(!t)continue;let r=t.indexOf("=");try{r<0?e.push([decodeURIComponent(t),""]):e.push([decodeURIComponent(t.slice(0,r)),decodeURIComponent(t.slice(r+1))])}catch{}}return e}function He(i){return i.map(([e,t])=>t===""&&!e.startsWith(ge)?encodeURIComponent(e):`${encodeURIComponent(e)}=${encodeURIComponent(t)}`).join("&")}function et(i){let e={};i.run&&(e.run=i.run),i.tag&&(e.tag=i.tag),i.step!==void 0&&/^-?\d+$/.test(i.step)&&(e.step=Number(i.step)),jt.includes(i.view)&&(e.view=i.view),i.layer&&(e.layer=i.layer),i.stat&&(e.stat=i.stat),i.overlay&&(e.overlay=i.overlay),i.direction==="backward"&&(e.direction="backward"),i.ref_run&&(e.ref_run=i.ref_run),i.ref_step!==void 0&&/^-?\d+$/.test(i.ref_step)&&(e.ref_step=Number(i.ref_step));let t=i.trend_runs?es(i.trend_runs):null;return t!==null&&t.length>0&&(e.trend_runs=t),e}function es(i){let e;try{e=JSON.parse(i)}catch{return null}return Array.isArray(e)&&e.every(t=>typeof t=="string"&&t!=="")?[...new Set(e)]:null}function Ut(){return et(Object.fromEntries(De(window.location.hash)))}function Wt(){try{if(window.parent===window)return null;let i={};for(let[e,t]of De(window.parent.location.hash))e.startsWith(ge)&&(i[e.slice(ge.length)]=t);return et(i)}catch{return null}}function Oe(i){let e=[];for(let t of Qi){let r=i[t];Array.isArray(r)?r.length>0&&e.push([t,JSON.stringify(r)]):r!==void 0&&r!==""&&e.push([t,String(r)])}return e}function Qe(i,e){let t=new URL(i);return t.hash=e,t.href}function ts(i,e="replace"){let t=He(Oe(i)),r=window.location.hash.replace(/^#/,"")!==t,s=r&&e==="push"&&Nr(i,"push");if(r){let n=Qe(window.location.href,t);e==="push"&&!s&&!rs()?history.pushState(history.state,"",n):history.replaceState(history.state,"",n)}s||Nr(i,"replace")}function Ar(i){try{if(window.parent!==window){let e=window.parent,r=De(e.location.hash).filter(([n])=>!n.startsWith(ge));(r.length===0||r[0][0]!==ue)&&r.unshift([ue,""]);let s=Oe(i).map(([n,o])=>[ge+n,o]);return Qe(e.location.href,He([...r,...s]))}}catch{}return Qe(window.location.href,He(Oe(i)))}function rs(){try{return window.parent!==window}catch{return!0}}function Nr(i,e){try{if(window.parent===window)return!1;let t=window.parent,r=De(t.location.hash);if(r.length===0||r[0][0]!==ue||r[0][1]!=="")return!1;let s=r.filter(([d])=>!d.startsWith(ge)),n=Oe(i).map(([d,p])=>[ge+d,p]),o=He([...s,...n]);if(t.location.hash.replace(/^#/,"")===o)return!1;let a=Qe(t.location.href,o);return e==="push"?t.history.pushState(t.history.state,"",a):t.history.replaceState(t.history.state,"",a),!0}catch{return!1}}function Rr(i){let e=Ft(),t=()=>{if(!is())return;let s=Ft();s!==e&&(e=s,i($r()))},r=[window];try{window.parent!==window&&(window.parent.location.hash,r.push(window.parent))}catch{}for(let s of r)s.addEventListener("popstate",t),s.addEventListener("hashchange",t);Hr=()=>{e=Ft()}}function $r(){return Wt()??Ut()}function Ft(){return He(Oe($r()))}function is(){try{if(window.parent===window)return!0;let i=De(window.parent.location.hash);return i.length>0&&i[0][0]===ue&&i[0][1]===""}catch{return!0}}var Hr=()=>{};function Or(i,e="replace"){ts(i,e),Hr()}function ie(i,e,t,r,s,n="mv-axis-label"){let o=y("text",{x:e,y:t,"text-anchor":s,class:n},i);return o.textContent=r,o}function tt(i,e,t=420,r=150){let s=y("svg",{viewBox:`0 0 ${t} ${r}`,class:"mv-chart",role:"img","aria-label":"Histogram of output values"}),n={left:8,right:8,top:8,bottom:22},o=t-n.left-n.right,a=r-n.top-n.bottom,d=i.counts??[],p=i.lo??0,u=i.hi??0,h=v=>e?Math.log10(1+v):v,m=Math.max(1e-12,...d.map(h)),f=d.length?o/d.length:o,g=d.reduce((v,x)=>v+x,0);if(d.forEach((v,x)=>{let b=h(v)/m*a,E=p+(u-p)*x/d.length,k=p+(u-p)*(x+1)/d.length,C=y("rect",{x:n.left+x*f+.5,y:n.top+a-b,width:Math.max(.5,f-1),height:Math.max(v>0?1:0,b),class:"mv-bar"},s);y("title",{},C).textContent=`[${L(E)}, ${L(k)}): ${v.toLocaleString("en-US")} values (${g?(100*v/g).toFixed(1):0} %)`}),y("line",{x1:n.left,x2:t-n.right,y1:n.top+a+.5,y2:n.top+a+.5,class:"mv-axis"},s),p<0&&u>0){let v=n.left+(0-p)/(u-p)*o;y("line",{x1:v,x2:v,y1:n.top,y2:n.top+a,class:"mv-zero-line"},s),v>n.left+40&&v<t-n.right-40&&ie(s,v,r-6,"0","middle")}return ie(s,n.left,r-6,L(p),"start"),ie(s,t-n.right,r-6,L(u),"end"),s}function Dr(i,e,t,r=420,s=150){let n=y("svg",{viewBox:`0 0 ${r} ${s}`,class:"mv-chart mv-history",role:"img","aria-label":"Output statistics over steps"}),o={left:48,right:10,top:8,bottom:22},a=r-o.left-o.right,d=s-o.top-o.bottom,p=i.filter(T=>T.mean!==null&&T.std!==null);if(p.length===0)return ie(n,r/2,s/2,"No statistics recorded for this layer","middle"),n;if(i.length<2)return ie(n,r/2,s/2,"One step so far: the history appears from the second step","middle"),n;let u=i.map(T=>T.step),h=Math.min(...u),m=Math.max(...u),f=1/0,g=-1/0;for(let T of p)f=Math.min(f,T.min??T.mean-T.std,T.mean-T.std),g=Math.max(g,T.max??T.mean+T.std,T.mean+T.std);f===g&&(f-=1,g+=1);let v=T=>o.left+(m===h?a/2:(T-h)/(m-h)*a),x=T=>o.top+d-(T-f)/(g-f)*d,b=T=>T.map(([V,P],ee)=>`${ee?"L":"M"}${v(V).toFixed(1)},${x(P).toFixed(1)}`).join(""),E=p.filter(T=>T.min!==null&&T.max!==null);if(E.length){let T=E.map(P=>[P.step,P.max]),V=E.map(P=>[P.step,P.min]).reverse();y("path",{d:b(T)+b(V).replace(/^M/,"L")+"Z",class:"mv-band-range"},n)}let k=p.map(T=>[T.step,T.mean+T.std]),C=p.map(T=>[T.step,T.mean-T.std]).reverse();y("path",{d:b(k)+b(C).replace(/^M/,"L")+"Z",class:"mv-band-std"},n),y("path",{d:b(p.map(T=>[T.step,T.mean])),class:"mv-line-mean"},n),f<0&&g>0&&y("line",{x1:o.left,x2:r-o.right,y1:x(0),y2:x(0),class:"mv-zero-line"},n),ie(n,o.left-6,o.top+8,L(g),"end"),ie(n,o.left-6,o.top+d,L(f),"end"),ie(n,o.left,s-6,`step ${h}`,"start"),ie(n,r-o.right,s-6,`step ${m}`,"end");let R=v(e);y("line",{x1:R,x2:R,y1:o.top,y2:o.top+d,class:"mv-cursor"},n);let G=p.find(T=>T.step===e);return G&&y("circle",{cx:R,cy:x(G.mean),r:3.5,class:"mv-cursor-dot"},n),n.addEventListener("click",T=>{let V=n.getBoundingClientRect(),P=(T.clientX-V.left)/V.width*r,ee=i[0].step;for(let S of i)Math.abs(v(S.step)-P)<Math.abs(v(ee)-P)&&(ee=S.step);t(ee)}),n}var rt=[],Gr=new Map;function Pr(i){rt=i.map(e=>({name:e.key,label:e.label,description:e.description,kind:e.scale,preferLog:e.log_scale,unit:e.unit,combine:e.group,overTime:e.over_time,trend:e.trend,thresholds:e.thresholds??{}})),Gr=new Map(rt.map(e=>[e.name,e]))}function Kt(){return rt}function de(){return rt.filter(i=>i.overTime)}function X(i){return Gr.get(i)??{name:i,label:i,description:"",kind:"signed",preferLog:!1,unit:"",combine:"max",overTime:!0,trend:"",thresholds:{}}}function it(i,e){return X(i).thresholds[e]}function st(i,e,t){let r=it(i,e);return r!==void 0&&t!==null&&t!==void 0&&t>=r}var ss={fraction:re,count:D,flops:U,bytes:W,parameters:A};function se(i,e){return(ss[X(i).unit]??L)(e)}var Pe="#e8417e";function Ir(i,e){let t=i.position(e);return Number.isNaN(t)?Pe:Ae(i.colormap,t)}var ns=100,as=3;function Se(i,e,t="viridis"){let r=e-i;return{kind:"linear",lo:i,hi:e,colormap:t,position:s=>r>0?nt((s-i)/r):.5}}function os(i,e,t="viridis"){let r=Math.log10(i),s=Math.log10(e)-r;return{kind:"log",lo:i,hi:e,colormap:t,position:n=>n<=0?NaN:s>0?nt((Math.log10(n)-r)/s):.5}}function Ge(i){let e=i>0&&Number.isFinite(i)?i:1;return{kind:"diverging",lo:-e,hi:e,colormap:"diverging",position:t=>nt(.5+t/(2*e))}}function ke(i,e,t=!1){let r=1/0,s=-1/0,n=1/0,o=!1;for(let d of e)d==null||!Number.isFinite(d)||(d<r&&(r=d),d>s&&(s=d),d>0&&d<n&&(n=d),d===0&&(o=!0));if(i==="fraction"||r===1/0)return Se(0,1);if(i==="signed"&&r<0&&s>0)return Ge(Math.max(-r,s));if(i==="count")return Se(0,Math.max(s,1),"magma");let a=s/n>(t?as:ns);return r>=0&&n!==1/0&&(a||t&&o)?{...os(n,s),hasZero:o}:Se(r,s)}var Vr=.01;function ls(i,e=Vr){let t=i>0&&Number.isFinite(i)?i:1,r=Math.min(e,t),s=o=>Math.sign(o)*Math.log10(1+Math.abs(o)/r),n=s(t);return{kind:"symlog",lo:-t,hi:t,colormap:"diverging",position:o=>nt(.5+s(o)/(2*n))}}var ds=10;function _r(i){let e=0;for(let t of i)t!=null&&Number.isFinite(t)&&(e=Math.max(e,Math.abs(t)));return e===0?Ge(1):e>Vr*ds?ls(e):Ge(e)}function nt(i){return Math.min(1,Math.max(0,i))}function at(i,e){let t=(r,s,n,o,a=!1)=>{let d=Er(i.estimated,r,n);return l("div",{class:"mv-stat"+(a?" is-warn":""),title:d===n?o:`${o}, estimated from a subset of the values`},l("div",{class:"mv-stat-label"},s),l("div",{class:"mv-stat-value mv-mono"},d))};return l("div",{class:"mv-stats",testid:e},t("mean","mean",L(i.mean),"Mean of the finite values"),t("std","std",L(i.std),"Standard deviation of the finite values"),t("min","min",L(i.min),"Smallest finite value"),t("max","max",L(i.max),"Largest finite value"),t("absmax","|max|",L(i.absmax),"Largest magnitude"),t("zeros","zeros",re(i.zeros),"Fraction of exact zeros",st("activation_zeros","warning",i.zeros)),t("nan","NaN",D(i.nan),"Count of NaN values",i.nan>0),t("inf","Inf",D(i.inf),"Count of infinite values",i.inf>0),t("numel","values",A(i.numel),`${D(i.numel)} values in the whole output`))}function ot(i){let e=i?.counts??[],t=e.reduce((r,s)=>r+s,0);return t>0&&Math.max(...e)>.5*t}var cs=64;function ps(i,e){if(i!=="auto")return i;let t=!1,r=!1;for(let s=0;s<e.lo.length;s++)for(let n=0;n<e.lo[s].length;n++)e.lo[s][n]<0&&(t=!0),e.hi[s][n]>0&&(r=!0);return t&&r?"diverging":"viridis"}function hs(i,e){return{lo:Math.min(...i.lo[e]),hi:Math.max(...i.hi[e])}}var lt=class{constructor(e,t){c(this,"options",e);c(this,"onOptions",t);c(this,"element");c(this,"controls");c(this,"canvasArea");c(this,"legend");c(this,"readout");c(this,"sample",null);this.controls=l("div",{class:"mv-sample-controls"}),this.canvasArea=l("div",{class:"mv-sample-canvases"}),this.legend=l("div",{class:"mv-legend",testid:"activation-legend"}),this.readout=l("div",{class:"mv-readout mv-mono"}," "),this.element=l("div",{class:"mv-sample"},this.controls,this.canvasArea,l("div",{class:"mv-sample-footer"},this.legend,this.readout))}setSample(e){this.sample=e,this.options.item>=e.shape[0]&&(this.options={...this.options,item:0}),this.render()}update(e){this.options={...this.options,...e},this.onOptions(this.options),this.render()}render(){let e=this.sample;if(!e)return;let t=ps(this.options.colormap,e);this.renderControls(e),e.layout==="chw"?this.renderChannels(e,t):e.layout==="tf"?this.renderSequence(e,t):this.renderVectors(e,t)}renderControls(e){let t=(n,o,a,d,p)=>{let u=l("select",{testid:o,on:{change:()=>p(u.value)}},...d.map(([h,m])=>l("option",{attrs:{value:h}},m)));return u.value=a,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},n),u)},r=e.shape[0],s=e.layout==="chw"?l("div",{class:"mv-segmented",attrs:{role:"group","aria-label":"Colour scale"}},...["shared","channel"].map(n=>l("button",{class:"mv-segment"+(this.options.scale===n?" is-active":""),testid:`scale-${n}`,title:n==="shared"?"One colour scale for all channels: compare magnitudes":"Each channel scaled to its own range: see the pattern in weak channels",attrs:{type:"button","aria-pressed":String(this.options.scale===n)},on:{click:()=>this.update({scale:n})}},n==="shared"?"Shared scale":"Per channel"))):null;w(this.controls,r>1?t("Batch item","sample-item",String(this.options.item),Array.from({length:r},(n,o)=>[String(o),`#${o}`]),n=>this.update({item:Number(n)})):null,t("Colours","colormap-select",this.options.colormap,[["auto","auto"],...fr.map(n=>[n,n])],n=>this.update({colormap:n})),s,l("span",{class:"mv-muted mv-sample-shape",title:"The stored sample is downsampled from the layer's output"},`sample ${q(e.shape)} of output ${q(e.sourceShape)}`))}renderLegend(e,t){let r=l("canvas",{class:"mv-colorbar"});We(r,e);let s=t?[L(t.lo),t.lo<0&&t.hi>0&&e==="diverging"?"0":"",L(t.hi)]:["channel min","","channel max"];w(this.legend,l("div",{class:"mv-colorbar-wrap"},r,l("div",{class:"mv-colorbar-labels mv-mono"},...s.map(n=>l("span",{},n)))))}attachReadout(e,t){e.addEventListener("mousemove",r=>{let s=e.getBoundingClientRect(),n=Math.floor((r.clientX-s.left)/s.width*e.width),o=Math.floor((r.clientY-s.top)/s.height*e.height);n<0||o<0||n>=e.width||o>=e.height||(this.readout.textContent=t(n,o))}),e.addEventListener("mouseleave",()=>this.readout.textContent=" ")}renderChannels(e,t){let{planes:r,width:s,height:n}=le(e),o=this.options.item,a=this.options.scale==="shared",d=t==="diverging",p=hs(e,o);d&&(p=Re(p));let u=Math.max(1,Math.floor(96/Math.max(s,n,1))),h=this.options.showAllChannels?r:Math.min(r,cs),m=l("div",{class:"mv-channel-grid",style:{gridTemplateColumns:`repeat(auto-fill, minmax(${Math.max(s*u,40)}px, 1fr))`}});for(let g=0;g<h;g++){let v={lo:e.lo[o][g],hi:e.hi[o][g]},x=a?p:d?Re(v):v,b=l("canvas",{class:"mv-heatmap",testid:"activation-canvas",dataset:{channel:String(g)},style:{width:`${s*u}px`,maxWidth:"100%",aspectRatio:`${s} / ${n}`}});we(b,e.values,he(e,o,g),s,n,v,x,t);let E=he(e,o,g);this.attachReadout(b,(k,C)=>`channel ${g} · (${C}, ${k}) = ${L(Xe(e.values[E+C*s+k],v.lo,v.hi))}`),m.appendChild(l("figure",{class:"mv-channel",title:`channel ${g}: ${L(v.lo)} … ${L(v.hi)}`},b,l("figcaption",{class:"mv-mono"},String(g))))}let f=r>h?l("button",{class:"mv-button",testid:"show-all-channels",attrs:{type:"button"},on:{click:()=>this.update({showAllChannels:!0})}},`Show all ${r} channels`):null;w(this.canvasArea,m,f),this.renderLegend(t,a?p:null)}renderSequence(e,t){let{width:r,height:s}=le(e),n=this.options.item,o={lo:e.lo[n][0],hi:e.hi[n][0]},a=t==="diverging"?Re(o):o,d=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(480,Math.max(80,s*6))}px`}}),p=he(e,n,0);we(d,e.values,p,r,s,o,a,t),this.attachReadout(d,(u,h)=>`token ${h} · feature ${u} = ${L(Xe(e.values[p+h*r+u],o.lo,o.hi))}`),w(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${r})`),l("div",{class:"mv-heatmap-row"},l("div",{class:"mv-axis-caption mv-axis-vertical mv-muted"},`tokens ↓ (${s})`),d)),this.renderLegend(t,a)}renderVectors(e,t){let[r,s]=e.shape,n=t==="diverging",o={lo:Math.min(...e.lo.map(u=>u[0])),hi:Math.max(...e.hi.map(u=>u[0]))};n&&(o=Re(o));let a=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(320,Math.max(28,r*28))}px`}});a.width=Math.max(1,s),a.height=Math.max(1,r);let d=a.getContext("2d"),p=document.createElement("canvas");for(let u=0;u<r&&d;u++)we(p,e.values,u*s,s,1,{lo:e.lo[u][0],hi:e.hi[u][0]},o,t),d.drawImage(p,0,u);this.attachReadout(a,(u,h)=>`item ${h} · feature ${u} = ${L(Xe(e.values[h*s+u],e.lo[h][0],e.hi[h][0]))}`),w(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${s})${r>1?`, one row per batch item (${r})`:""}`),a),this.renderLegend(t,o)}};var us=[["graph","Graph","Show this layer in the graph"],["activations","Activations","Show this layer's activation maps and statistics"],["trends","Trends","Show this layer's statistics over the steps"],["compare","Compare","Compare this layer between two steps or runs"]],Te=null;function zr(i){Te=i}function Y(i,e,t=!1){return l("span",{class:"mv-layer-links"+(t?" is-compact":""),testid:"layer-links",dataset:{key:i}},...us.filter(([r])=>r!==e).map(([r,s,n])=>l("a",{class:"mv-layer-link",title:n,dataset:{view:r},attrs:{href:Te?.href(r,i)??"#",target:"_top"},on:{click:o=>{o.stopPropagation(),!(o.button!==0||o.metaKey||o.ctrlKey||o.shiftKey||o.altKey||!Te)&&(o.preventDefault(),Te.open(r,i))},mouseenter:o=>{let a=o.currentTarget;Te&&(a.href=Te.href(r,i))}}},t?s.slice(0,1):s)))}var dt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"pickerFilter");c(this,"pickerList");c(this,"detail");c(this,"structure",null);c(this,"stepDoc",null);c(this,"at",null);c(this,"layer",null);c(this,"visible",!1);c(this,"logHistogram",null);c(this,"sampleOptions",{colormap:"auto",scale:"shared",item:0,showAllChannels:!1});c(this,"generation",0);c(this,"renderedFor","");this.pickerFilter=l("input",{class:"mv-search",testid:"activation-layer-filter",attrs:{type:"search",placeholder:"Find a layer","aria-label":"Find a layer"},on:{input:()=>this.renderPicker()}}),this.pickerList=l("div",{class:"mv-picker-list",testid:"activation-layer-list",attrs:{role:"listbox","aria-label":"Layers"}}),this.detail=l("div",{class:"mv-activation-detail",testid:"activation-detail"}),this.element=l("section",{class:"mv-view mv-activations"},l("aside",{class:"mv-picker"},l("div",{class:"mv-picker-head"},this.pickerFilter),this.pickerList,l("div",{class:"mv-picker-foot mv-muted"},l("span",{class:"mv-sample-dot is-legend"}),"activation sample stored at this step")),this.detail)}setData(e,t,r){let s=e!==this.structure;this.structure=e,this.stepDoc=t,this.at=r,s?this.renderPicker():this.updatePickerMarks(),(this.layer===null||!e.layers.some(n=>n.key===this.layer))&&(this.layer=this.defaultLayer()),this.refresh()}setLayer(e){if(!(e===null||e===this.layer)){this.layer=e,this.sampleOptions={...this.sampleOptions,showAllChannels:!1};for(let t of this.pickerList.querySelectorAll("[data-key]")){let r=t.dataset.key===e;t.classList.toggle("is-selected",r),t.setAttribute("aria-selected",String(r)),r&&this.visible&&t.scrollIntoView({block:"nearest"})}this.refresh()}}setVisible(e){this.visible=e,e&&(this.pickerList.querySelector(".is-selected")?.scrollIntoView({block:"nearest"}),this.refresh())}defaultLayer(){let e=this.stepDoc?.samples??{},t=this.structure?.layers??[];return t.find(r=>r.key in e)?.key??t.find(r=>r.node!==null&&r.parent!==null)?.key??t[0]?.key??null}renderPicker(){let e=this.structure?.layers??[],t=this.pickerFilter.value.trim().toLowerCase(),r=this.stepDoc?.samples??{},s=document.createDocumentFragment(),n=0,o=new Map(e.map(a=>[a.key,a.name]));for(let a of e){if(a.node===null||t&&!a.name.toLowerCase().includes(t)&&!a.type.toLowerCase().includes(t))continue;n++;let d=a.parent===null;s.appendChild(l("button",{class:"mv-picker-item"+(a.key===this.layer?" is-selected":"")+(a.key in r?" has-sample":""),testid:"activation-layer",dataset:{key:a.key},title:`${a.name||this.structure?.model_type||"model"} (${a.type})${a.calls>1?`, call ${a.call+1} of ${a.calls}`:""}`,attrs:{type:"button",role:"option","aria-selected":String(a.key===this.layer)},style:{paddingLeft:`${8+(t?0:Math.min(a.depth,8)*12)}px`},on:{click:()=>this.handlers.onSelect(a.key)}},l("span",{class:"mv-sample-dot",title:"Has an activation sample at this step"}),l("span",{class:"mv-picker-name"},d?this.structure?.model_type??"model":t?a.name:Ze(a.name,a.parent===null?null:o.get(a.parent))),a.calls>1?l("span",{class:"mv-badge"},`#${a.call+1}`):null,l("span",{class:"mv-picker-type"},a.type)))}w(this.pickerList),this.pickerList.appendChild(s),n===0&&this.pickerList.appendChild(l("div",{class:"mv-muted mv-picker-empty"},"No layer matches."))}updatePickerMarks(){let e=this.stepDoc?.samples??{};for(let t of this.pickerList.querySelectorAll("[data-key]"))t.classList.toggle("has-sample",t.dataset.key in e)}refresh(){if(!this.visible||!this.structure||!this.stepDoc||!this.at)return;let e=[this.at.run,this.at.tag,this.at.step,this.layer,this.structure.hash].join("\0");if(e===this.renderedFor)return;let t=!this.renderedFor.endsWith("\0"+this.layer+"\0"+this.structure.hash);this.renderedFor=e,this.renderDetail(t)}renderDetail(e){let t=++this.generation,r=this.structure,s=this.stepDoc,n=this.at,o=r.layers.find(m=>m.key===this.layer);if(!o){w(this.detail,l("div",{class:"mv-placeholder"},l("p",{},"Pick a layer on the left to see its activations.")));return}let a=s.activations[o.key]??null,d=s.samples[o.key],p=l("div",{class:"mv-card mv-sample-card"},l("h3",{},"Output sample")),u=this.detail.querySelector(".mv-sample-card .mv-sample"),h=l("div",{class:"mv-card"},l("h3",{},"Over training"),l("div",{class:"mv-muted mv-chart-placeholder"},"Loading…"));w(this.detail,this.header(o,r),this.statsGrid(a),l("div",{class:"mv-card-row"},this.histogramCard(a),h),p,this.parametersCard(o,s)),s.capture?.warnings?.length&&this.detail.appendChild(l("div",{class:"mv-card mv-warnings"},l("h3",{},"Capture warnings"),...s.capture.warnings.map(m=>l("p",{},m)))),d?(u&&!e?p.appendChild(u):p.appendChild(l("div",{class:"mv-muted mv-chart-placeholder",testid:"sample-loading"},"Loading sample…")),this.store.sample(n,o.key).then(m=>{if(t!==this.generation)return;let f=new lt(this.sampleOptions,g=>this.sampleOptions=g);f.setSample(m),w(p,l("h3",{},"Output sample"),f.element)},m=>{t!==this.generation||xe(m)||w(p,l("h3",{},"Output sample"),l("p",{class:"mv-error-text"},m.message))})):p.appendChild(l("p",{class:"mv-muted",testid:"no-sample"},a?`No sample of this layer's output was stored at step ${n.step}; the statistics above cover the whole output.`:`This call did not record its output at step ${n.step}.`)),this.store.layerTrends(n.run,n.tag,o.key).then(m=>{if(t!==this.generation)return;let f=(v,x)=>m.statistics[v]?.[x]??null,g=m.steps.map((v,x)=>({step:v,mean:f("activation_mean",x),std:f("activation_std",x),min:f("activation_min",x),max:f("activation_max",x)}));w(h,l("h3",{},"Over training",l("span",{class:"mv-card-note"},"mean ± std, min–max; click to jump")),Dr(g,n.step,v=>this.handlers.onStep(v)))},m=>{t===this.generation&&w(h,l("h3",{},"Over training"),l("p",{class:"mv-error-text"},m.message))})}header(e,t){let r=e.parent===null?t.model_type:e.name;return l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"activation-layer-name"},r),l("span",{class:"mv-type-chip",title:e.extra?`${e.type}(${e.extra})`:e.type},e.type),e.calls>1?l("span",{class:"mv-badge"},`call ${e.call+1} of ${e.calls}`):null,l("span",{class:"mv-muted mv-mono"},`${$e(e.input_shapes)} → ${$e(e.output_shapes)}`),l("span",{class:"mv-spacer"}),Y(e.key,"activations"))}statsGrid(e){return e?at(e,"activation-stats"):l("div",{class:"mv-card mv-muted"},"No statistics were recorded for this call at this step.")}histogramCard(e){let t=l("div",{class:"mv-card"}),r=e?.hist?.counts??[],s=ot(e?.hist),n=()=>{let o=this.logHistogram??s,a=l("label",{class:"mv-check",title:"Logarithmic counts: shows the tails next to a spike"},l("input",{testid:"histogram-log",attrs:{type:"checkbox",checked:o},on:{change:d=>{this.logHistogram=d.target.checked,n()}}}),"log");w(t,l("h3",{},"Histogram",l("span",{class:"mv-card-note"},a)),e?.hist&&r.length?tt(e.hist,o):l("p",{class:"mv-muted"},"No histogram recorded."))};return n(),t}parametersCard(e,t){let r=e.param_names??[];if(r.length===0)return null;let n=l("tr",{},...[["parameter","Qualified parameter name"],["mean","Mean of the weights"],["std","Standard deviation of the weights"],["norm","L2 norm of the weights"],["grad norm","L2 norm of the gradient when the step was recorded"],["update","Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"]].map(([a,d],p)=>l("th",{class:p?"is-numeric":"",title:d},a))),o=r.map(a=>{let d=t.params[a],p=t.grads[a],u=t.updates?.[a];return l("tr",{},l("td",{class:"mv-mono"},a),l("td",{class:"is-numeric"},L(d?.mean)),l("td",{class:"is-numeric"},L(d?.std)),l("td",{class:"is-numeric"},L(d?.norm)),l("td",{class:"is-numeric"+(p?"":" is-muted"),title:p?void 0:"No gradient was set when this step was recorded"},p?L(p.norm):"–"),l("td",{class:"is-numeric"+(u==null?" is-muted":""),title:u===void 0?"Not tracked (first recorded step, or update tracking off)":void 0},L(u)))});return l("div",{class:"mv-card"},l("h3",{},"Parameters"),l("table",{class:"mv-table mv-compact"},l("thead",{},n),l("tbody",{},...o)))}};function K(i){return i.name||i.type||"(model)"}function Br(i,e=i,t){let r=i.lastIndexOf(".",i.length-2),s=r>0?i.slice(0,r+1):"",n=r>0?i.slice(r+1):i;return l("span",{class:"mv-elide mv-mono",title:e,testid:t,attrs:{"aria-label":i}},s?l("span",{class:"mv-elide-head"},l("bdi",{},s)):null,l("span",{class:"mv-elide-tail"},n))}var ms={nonfinite:"NaN / Inf",exploding:"exploding",vanishing:"vanishing",dead:"dead units",saturated:"saturated",not_learning:"not learning",lr_too_high:"learning rate too high",no_gradient:"no gradient"},gs=()=>[["NaN / Inf","the first step and layer where a non-finite value appears"],["dead units",`layers where at least ${re(it("dead_units","alert"))} of the units are ≤ 0 for every input where they enter a ReLU (module or function)`],["saturated",`tanh/sigmoid outputs with at least ${re(it("activation_saturated","alert"))} near their bounds`],["exploding / vanishing","output or gradient norms that jump 100× between logged steps, or early layers' gradients 1000× off the last layer's"],["not learning","trainable layers whose weights stop changing while others train"],["learning rate too high","weights that change by more than 10 % of their size per step"],["no gradient","trainable parameters the backward graph's scalar cannot reach (a detach, a no-grad region, an argmax, never used)"]];function Me(i){return ms[i]??i}var ct=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"body");this.body=l("div",{class:"mv-alerts-body",testid:"alerts-view"}),this.element=l("section",{class:"mv-view mv-alerts"},this.body)}showLoading(){w(this.body,l("p",{class:"mv-muted"},"Checking every logged step…"))}showError(e){w(this.body,l("p",{class:"mv-error-text",testid:"alerts-error"},e))}setAlerts(e,t){let r=l("details",{class:"mv-alert-checks"},l("summary",{},"What is checked"),l("ul",{},...gs().map(([o,a])=>l("li",{},l("strong",{},o),": ",a)))),s=`${e.steps.length} logged step${e.steps.length===1?"":"s"} of “${t}”`,n=e.unreadable.length?l("p",{class:"mv-muted"},`${e.unreadable.length} damaged step(s) could not be read and were left out: ${e.unreadable.map(o=>o.step).join(", ")}.`):null;if(e.alerts.length===0){w(this.body,l("div",{class:"mv-alerts-ok",testid:"alerts-none"},l("h2",{},"No problems found"),l("p",{class:"mv-muted"},`Checked ${s}.`)),n,r);return}w(this.body,l("h2",{class:"mv-alerts-title"},`${e.alerts.length} problem${e.alerts.length===1?"":"s"} found in ${s}`),l("p",{class:"mv-muted"},"Each starts at the layer and step shown; click one to open that layer at that step in Trends."),l("ol",{class:"mv-alert-list"},...e.alerts.map(o=>this.item(o))),n,r)}item(e){return l("li",{},l("button",{class:"mv-alert",testid:"alert-item",dataset:{kind:e.kind,layer:e.layer,step:String(e.step)},attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(e)}},l("div",{class:"mv-alert-head"},l("span",{class:"mv-alert-kind",dataset:{kind:e.kind}},Me(e.kind)),l("span",{class:"mv-mono mv-alert-layer"},K(e)),e.type?l("span",{class:"mv-muted"},e.type):null,l("span",{class:"mv-spacer"}),l("span",{class:"mv-alert-step"},`from step ${e.step}`)),l("div",{class:"mv-alert-message"},e.message)),Y(e.layer))}},pt=class{constructor(e){c(this,"handlers",e);c(this,"element");this.element=l("div",{class:"mv-alert-strip",testid:"alert-strip",attrs:{role:"alert"}}),this.element.hidden=!0}setAlerts(e){if(!e||e.length===0){this.element.hidden=!0,w(this.element);return}let t=e[0];this.element.hidden=!1,w(this.element,l("span",{class:"mv-alert-icon",attrs:{"aria-hidden":"true"}},"!"),l("button",{class:"mv-alert-strip-text",title:t.message,attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(t)}},l("span",{class:"mv-alert-kind",dataset:{kind:t.kind}},Me(t.kind)),l("span",{},t.message)),e.length>1?l("button",{class:"mv-link-button",testid:"alert-strip-more",attrs:{type:"button"},on:{click:()=>this.handlers.onShowAll()}},`all ${e.length} alerts`):null)}};function I(i){return i.kind==="root"||i.kind==="module"||i.kind==="repeat"}function fs(i){let e=2166136261,t=1523705862;for(let r=0;r<i.length;r++){let s=i.charCodeAt(r);e=Math.imul(e^s,16777619),t=Math.imul(t^s,1540483477)^t>>>15}return(e>>>0).toString(36)+"."+(t>>>0).toString(36)}function qt(i){return i===null?"?":i.join("x")}function vs(i){let e=new Array(i.nodes.length),t=new Array(i.nodes.length),r=s=>{let n=i.nodes[s],o=[n.type],a=[];for(let u of n.children){let h=i.nodes[u];h.kind==="module"?(r(u),o.push("M"+e[u]),a.push(...t[u])):(o.push(h.kind==="op"?`O${h.op}${h.inplace?"!":""}`:h.kind),a.push(u))}let d=new Map;for(let[u,h]of a.entries())d.set(h,u);let p=new Set;a.forEach((u,h)=>{for(let m of i.outEdges[u]){let f=i.edges[m],g=d.get(f.dst);p.add(g===void 0?`out${h}:${qt(f.shape)}`:`${h}>${g}:${qt(f.shape)}`)}for(let m of i.inEdges[u]){let f=i.edges[m];d.has(f.src)||p.add(`in${h}:${qt(f.shape)}`)}}),e[s]=fs(o.join("|")+"#"+[...p].sort().join(",")),t[s]=a};for(let s of i.roots)i.nodes[s].kind==="module"&&r(s);return e}function Fr(i){let e=vs(i),t=new Map,r=new Array(i.nodes.length),s=(m,f,g,v)=>{let x={id:m,kind:f,graphId:g,parent:v,children:[]};return t.set(m,x),g!==null&&(r[g]=x),x},n=new Map,o=(m,f)=>{for(let[g,v]of n)if(v===m){for(let x of i.outEdges[g])if(n.get(i.edges[x].dst)===f)return!0}return!1},a=(m,f)=>{for(let g of i.nodes[f].children)i.nodes[g].kind==="module"?a(m,g):n.set(g,m)},d=(m,f)=>{let g=i.nodes[m],v=i.nodes[f];return g.kind!=="module"||v.kind!=="module"||g.type!==v.type||e[m]!==e[f]?!1:(n.clear(),a(m,m),a(f,f),o(m,f))},p=(m,f)=>{let g=0;for(;g<f.length;){let v=g+1;for(;v<f.length&&d(f[v-1],f[v]);)v++;if(v-g>=2){let x=s(`r${f[g]}`,"repeat",null,m);for(let b=g;b<v;b++)x.children.push(u(x,f[b]));m.children.push(x)}else m.children.push(u(m,f[g]));g=v}},u=(m,f)=>{let g=i.nodes[f],v=s(`n${f}`,g.kind,f,m);return g.kind==="module"&&p(v,g.children),v},h=s("root","root",null,null);return p(h,i.roots),{root:h,byId:t,byGraphId:r}}function Ie(i,e){return e.kind==="root"||I(e)&&e.children.length>0&&i.has(e.id)}function Ve(i,e,t){let r=[],s=new Array(i.nodes.length),n=(p,u)=>{p.graphId!==null&&!I(p)&&(s[p.graphId]=u);for(let h of p.children)n(h,u)},o=p=>{if(Ie(t,p))for(let u of p.children)o(u);else r.push(p),n(p,p)};o(e.root);let a=new Map,d=[];return i.edges.forEach((p,u)=>{let h=s[p.src],m=s[p.dst];if(h===void 0||m===void 0||h===m)return;let f=`e${h.id}-${m.id}`,g=a.get(f);g===void 0&&(g={id:f,src:h,dst:m,edges:[]},a.set(f,g),d.push(g)),g.edges.push(u)}),{boxes:r,edges:d,boxOfLeaf:s}}var bs=50;function jr(i){return i.kind==="module"&&i.children.some(I)}var ys=14;function Xt(i,e=null,t=bs,r=ys){let s=new Set(["root"]),n=i.root.children.length,o=i.root.children.filter(jr);for(;o.length>0;){let a=[],d=[];for(let p of o){let u=p.children.length-1;n+u>t||(n+=u,s.add(p.id),d.push(p),a.push(...p.children.filter(jr)))}if(e!==null&&d.length>0&&xs(Ve(e,i,s))>r){for(let p of d)s.delete(p.id);break}o=a}return s}function xs(i){let e=new Map(i.boxes.map(o=>[o,0])),t=new Map;for(let o of i.edges){e.set(o.dst,(e.get(o.dst)??0)+1);let a=t.get(o.src);a===void 0?t.set(o.src,[o.dst]):a.push(o.dst)}let r=new Map,s=[...e].filter(([,o])=>o===0).map(([o])=>o),n=0;for(let o of s)r.set(o,1);for(;s.length>0;){let o=s.pop(),a=r.get(o);n=Math.max(n,a);for(let d of t.get(o)??[]){r.set(d,Math.max(r.get(d)??0,a+1));let p=e.get(d)-1;e.set(d,p),p===0&&s.push(d)}}return n}function Ur(i,e){let t=!1;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(i.add(r.id),t=!0);return t}function Wr(i){return[...i].sort().join(",")}function ht(i,e){let t=e;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(t=r);return t}function Kr(i,e){let t=r=>I(r)&&r.children.length>0&&(r.kind==="root"||e.has(r.id))?r.children.reduce((s,n)=>s+t(n),0):1;return t(i.root)}function qr(i){let e=new Map,t=(r,s)=>{for(let n of r.children)I(n)&&(e.set(n,s),t(n,n.kind==="module"?s+1:s))};return t(i.root,1),e}function Xr(i){let e=0;for(let[t,r]of qr(i))t.kind==="module"&&t.children.some(I)&&(e=Math.max(e,r));return e+1}function Yr(i,e,t){let r=new Set(["root"]);for(let[s,n]of qr(i))(s.kind==="repeat"?t.has(s.id):n<e)&&r.add(s.id);return r}function Yt(i,e){let t=new Set(i);for(let[r,s]of e)s?t.add(r):t.delete(r);return t}function Zr(i,e,t,r){if(t.width<=0||t.height<=0)throw new Error("There is no drawn graph to export yet.");let s=Math.ceil(t.width+32),n=Math.ceil(t.height+32),o=i.cloneNode(!1);o.setAttribute("xmlns","http://www.w3.org/2000/svg"),o.setAttribute("width",String(s)),o.setAttribute("height",String(n)),o.setAttribute("viewBox",`0 0 ${s} ${n}`),o.removeAttribute("style"),o.removeAttribute("data-lod");let a=document.createElementNS("http://www.w3.org/2000/svg","rect");a.setAttribute("width",String(s)),a.setAttribute("height",String(n)),a.setAttribute("fill",r),o.appendChild(a);let d=e.cloneNode(!0);d.setAttribute("transform","translate(16,16)");for(let p of d.querySelectorAll('[data-role="toggle"], [data-role="edge-hit"], [data-role="lod-labels"]'))p.remove();return o.appendChild(d),new XMLSerializer().serializeToString(o)}async function Jr(i,e=2){let t=/width="(\d+)" height="(\d+)"/.exec(i.slice(0,2e3));if(t===null)throw new Error("The exported SVG has no size.");let r=Number(t[1]),s=Number(t[2]),n=Math.min(e,16e3/r,16e3/s,Math.sqrt(64e6/(r*s))),o=URL.createObjectURL(new Blob([i],{type:"image/svg+xml"}));try{let a=new Image;a.decoding="async",await new Promise((u,h)=>{a.onload=()=>u(),a.onerror=()=>h(new Error("The browser could not render the graph as an image.")),a.src=o});let d=document.createElement("canvas");d.width=Math.max(1,Math.floor(r*n)),d.height=Math.max(1,Math.floor(s*n));let p=d.getContext("2d");if(p===null)throw new Error("No 2-D canvas is available for the PNG export.");return p.scale(n,n),p.drawImage(a,0,0,r,s),await new Promise((u,h)=>{d.toBlob(m=>m?u(m):h(new Error("The PNG could not be encoded (graph too large?).")),"image/png")})}finally{URL.revokeObjectURL(o)}}var _e='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',Zt='ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',M={titleSize:12,subtitleSize:10,opSize:11,edgeLabelSize:10,padX:10,toggleSpace:22,toggleRadius:7,moduleHeight:38,opHeight:24,ioHeight:34,frameHeader:26,headerLine:15,maxHeaderWidth:420,framePad:12,minBoxWidth:48,maxTextWidth:240};function Qr(){let i=new Map,e=null;try{e=typeof document<"u"?document.createElement("canvas").getContext("2d"):null}catch{e=null}return(t,r,s={})=>{let n=`${r}|${s.bold?1:0}|${s.mono?1:0}|${t}`,o=i.get(n);return o===void 0&&(e!==null?(e.font=`${s.bold?"600 ":""}${r}px ${s.mono?Zt:_e}`,o=e.measureText(t).width):o=t.length*r*(s.mono?.62:.58),i.set(n,o)),o}}function mt(i){let e=i.split("."),t=e[e.length-1];return/^\d+$/.test(t)&&e.length>1?`${e[e.length-2]}.${t}`:t}function ut(i,e){let t=i.nodes[e],r=t.name===""?t.type||i.modelType||"model":mt(t.name);return t.call>0?`${r} #${t.call}`:r}function gt(i,e){let t=e.children[0],r=e.children[e.children.length-1];return`${ut(i,t.graphId)} … ${ut(i,r.graphId)}`}function ft(i,e){return`${i.nodes[e.children[0].graphId].type} ×${e.children.length}`}function fe(i,e){if(e.kind==="repeat"){let r=gt(i,e),s=ft(i,e);return{title:r,subtitle:s,tooltip:`${s} blocks ${r} with identical structure`}}let t=i.nodes[e.graphId];switch(t.kind){case"module":{let r=ut(i,t.id),s=Jt(i,t.layer),n=(t.name===""?"model":t.type)+(s.length>0?" · tied":""),o=`${t.name||"(model)"} : ${t.type}  [${t.layer}]`+s.map(([a,d])=>`
${a} is ${d} (tied: counted once, there)`).join("");return{title:r,subtitle:n,tooltip:o}}case"op":{let r=t.flops?`, ${U(t.flops)}`:"";return{title:t.op||t.label||"op",subtitle:"",tooltip:`${t.op}${r}`}}default:{let r=`${te(t.shape)} ${t.dtype}`.trim(),s=t.name||t.label||t.kind;return{title:s,subtitle:r,tooltip:`${t.kind} ${s}: ${r}`}}}}function Jt(i,e){let r=(e===null?void 0:i.layers.get(e))?.tied_params;return typeof r!="object"||r===null||Array.isArray(r)?[]:Object.entries(r).filter(s=>typeof s[1]=="string")}function ei(i,e){if(e.kind==="repeat")return`${gt(i,e)} · ${ft(i,e)}`;let t=i.nodes[e.graphId],r=ut(i,t.id);return t.name===""?r:`${r} · ${t.type}`}function ti(i,e){let t=te(i.edges[e[0]].shape),r=new Set(e.map(s=>i.edges[s].src)).size;return r>1?`${t} +${r-1}`:t}function ri(i,e,t){let r=i.match(/[^\s.]*\.|[^\s.]+\s*|\s+/g)??[i],s=[],n="",o=a=>{if(n===""||t(n+a)<=e){n+=a;return}s.push(n.trimEnd()),n=a.trimStart()};for(let a of r){if(t(a.trimEnd())<=e){o(a);continue}for(let d of a)o(d)}return(n.trim()!==""||s.length===0)&&s.push(n.trimEnd()),s}function ii(i,e){let t=o=>{let a=i.nodes[o],d=a.parent===null?"":` in ${i.nodes[a.parent].name||i.modelType||"model"}`;return a.kind==="op"?`${a.op||a.label}${d}`:`${a.kind} ${a.name||a.label}`},r=new Map;for(let o of e)r.has(i.edges[o].src)||r.set(i.edges[o].src,o);let s=[...r.values()].slice(0,6).map(o=>{let a=i.edges[o];return`${te(a.shape)} ${a.dtype||""}`.trim()+`  ${t(a.src)} → ${t(a.dst)}`});return r.size>6&&s.push(`… and ${r.size-6} more tensors`),`${r.size===1?"1 tensor":`${r.size} tensors`}
${s.join(`
`)}`}var ze=class extends Error{constructor(){super("A newer layout request replaced this one."),this.name="LayoutSuperseded"}},si=()=>{},ws=40,vt=class{constructor(e){c(this,"worker",null);c(this,"cache",new Map);c(this,"running",null);c(this,"waiting",null);c(this,"nextId",1);c(this,"failure",null);try{this.worker=new Worker(e),this.worker.onmessage=t=>this.finish(t.data),this.worker.onerror=t=>{t.preventDefault(),this.fail(`The layout worker failed (${e}): ${t.message||"it could not be loaded"}.`)}}catch(t){this.failure=`The layout worker could not be started from ${e}: ${t instanceof Error?t.message:String(t)}`}}cached(e){let t=this.cache.get(e);return t!==void 0&&(this.cache.delete(e),this.cache.set(e,t)),t}layout(e,t){let r=this.cached(e);if(r!==void 0)return Promise.resolve(r);if(this.failure!==null)return Promise.reject(new Error(this.failure));let s=this.running;return s!==null&&s.key===e?new Promise((n,o)=>{let[a,d]=[s.resolve,s.reject];s.resolve=p=>{a(p),n(p)},s.reject=p=>{d(p),o(p)}}):new Promise((n,o)=>{this.waiting?.reject(new ze),this.waiting={key:e,graph:t,resolve:n,reject:o},this.startNext()})}prefetch(e,t){this.cache.has(e)||this.running!==null||this.waiting!==null||this.worker===null||this.failure!==null||(this.waiting={key:e,graph:t(),resolve:si,reject:si},this.startNext())}clearCache(){this.cache.clear()}destroy(){this.worker?.terminate(),this.fail("The graph view was closed.")}startNext(){if(this.running!==null||this.waiting===null||this.worker===null)return;let e=this.waiting;this.waiting=null;let t=this.cached(e.key);if(t!==void 0){e.resolve(t);return}this.running={...e,id:this.nextId++};let r={id:this.running.id,graph:e.graph};this.worker.postMessage(r)}finish(e){let t=this.running;if(!(t===null||t.id!==e.id)){if(this.running=null,e.ok){for(this.cache.set(t.key,e.graph);this.cache.size>ws;)this.cache.delete(this.cache.keys().next().value);t.resolve(e.graph)}else t.reject(new Error(e.message));this.startNext()}}fail(e){this.failure=e;let t=new Error(e);this.running?.reject(t),this.waiting?.reject(t),this.running=null,this.waiting=null}};var Ss={"elk.algorithm":"layered","elk.hierarchyHandling":"INCLUDE_CHILDREN","elk.json.shapeCoords":"ROOT","elk.json.edgeCoords":"ROOT","elk.edgeRouting":"ORTHOGONAL","elk.edgeLabels.placement":"CENTER","elk.spacing.nodeNode":"16","elk.spacing.edgeNode":"10","elk.spacing.edgeEdge":"8","elk.spacing.edgeLabel":"2","elk.layered.spacing.nodeNodeBetweenLayers":"22","elk.layered.spacing.edgeNodeBetweenLayers":"10","elk.layered.considerModelOrder.strategy":"NODES_AND_EDGES","elk.layered.thoroughness":"4","elk.padding":"[top=16,left=16,bottom=16,right=16]"};function ks(i,e,t){let r=fe(i,e);if(e.kind==="op"){let d=Math.min(M.maxTextWidth,t(r.title,M.opSize))+2*M.padX;return{width:Math.max(M.minBoxWidth,Math.ceil(d)),height:M.opHeight}}let s=Math.min(M.maxTextWidth,Math.max(t(r.title,M.titleSize,{bold:!0}),t(r.subtitle,M.subtitleSize))),n=I(e)&&e.children.length>0?M.toggleSpace:0,o=Math.ceil(s+2*M.padX+n),a=e.kind==="input"||e.kind==="output"?M.ioHeight:M.moduleHeight;return{width:Math.max(M.minBoxWidth,o),height:a}}function Qt(i,e,t){let r=o=>t(o,M.titleSize,{bold:!0}),s=ri(ei(i,e),M.maxHeaderWidth,r),n=Math.max(...s.map(r));return{lines:s,width:Math.ceil(n+2*M.padX+M.toggleSpace),height:M.frameHeader+(s.length-1)*M.headerLine}}function Ts(i,e,t=null){let r=M.framePad;return{...ai(t),"elk.padding":`[top=${i.height+r/2},left=${r},bottom=${r},right=${r}]`,"elk.nodeSize.constraints":"MINIMUM_SIZE","elk.nodeSize.minimum":e==="DOWN"?`(0,${i.width})`:`(${i.width},0)`}}function ai(i){return i===null?{}:{[Ms]:"MULTI_EDGE","elk.aspectRatio":i.toFixed(2)}}var Ms="elk.layered.wrapping.strategy";var oi=60,ni=12;function li(i,e,t,r,s,n="DOWN",o=null){let a=u=>Ie(t,u)?{id:u.id,layoutOptions:Ts(Qt(i,u,s),n,u.children.length>=ni?o:null),children:u.children.map(a)}:{id:u.id,...ks(i,u,s)},d=M.edgeLabelSize+3,p=r.edges.map(u=>{let h=ti(i,u.edges);return{id:u.id,sources:[u.src.id],targets:[u.dst.id],labels:[{text:h,width:Math.ceil(s(h,M.edgeLabelSize,{mono:!0}))+4,height:d}]}});return{id:"root",layoutOptions:{...Ss,"elk.direction":n,...ai(e.root.children.length>=ni?o:null)},children:e.root.children.map(a),edges:p}}var bt=class{constructor(e){c(this,"centreOn",e);c(this,"element");c(this,"canvas");c(this,"window");c(this,"bounds",{width:0,height:0});c(this,"scale",1);c(this,"offset",{x:0,y:0});c(this,"dragging",null);this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-minimap"),this.element.setAttribute("aria-hidden","true"),this.element.className="mv-graph-minimap",Object.assign(this.element.style,{width:"180px",height:"130px",display:"none"}),this.canvas=document.createElement("canvas");let t=Math.min(2,globalThis.devicePixelRatio||1);this.canvas.width=180*t,this.canvas.height=130*t,Object.assign(this.canvas.style,{width:"180px",height:"130px"}),this.window=document.createElement("div"),this.window.setAttribute("data-testid","graph-minimap-window"),this.window.className="mv-graph-minimap-window",this.element.append(this.canvas,this.window),this.element.addEventListener("pointerdown",s=>{this.dragging=s.pointerId,this.element.setPointerCapture(s.pointerId),this.moveTo(s),s.stopPropagation()}),this.element.addEventListener("pointermove",s=>{this.dragging===s.pointerId&&this.moveTo(s)});let r=s=>{this.dragging===s.pointerId&&(this.dragging=null,this.element.hasPointerCapture(s.pointerId)&&this.element.releasePointerCapture(s.pointerId))};this.element.addEventListener("pointerup",r),this.element.addEventListener("pointercancel",r),this.element.addEventListener("wheel",s=>s.stopPropagation())}draw(e,t,r){this.bounds=t;let s=this.canvas.getContext("2d");if(s===null||t.width<=0||t.height<=0)return;let n=4;this.scale=Math.min((180-2*n)/t.width,(130-2*n)/t.height),this.offset={x:(180-t.width*this.scale)/2,y:(130-t.height*this.scale)/2};let o=this.canvas.width/180;s.setTransform(o,0,0,o,0,0),s.clearRect(0,0,180,130),s.lineWidth=.6;for(let{rect:a,frame:d}of e){let p=this.offset.x+a.x*this.scale,u=this.offset.y+a.y*this.scale,h=Math.max(.8,a.width*this.scale),m=Math.max(.8,a.height*this.scale);d?(s.strokeStyle=r.frameStroke,s.strokeRect(p,u,h,m)):(s.fillStyle=r.moduleStroke,s.fillRect(p,u,h,m))}}follow(e,t){let{width:r,height:s}=this.bounds,n=r*e.k>t.width+1||s*e.k>t.height+1;if(this.element.style.display=n&&r>0&&t.width>360?"block":"none",!n)return;let o=this.offset.x+-e.x/e.k*this.scale,a=this.offset.y+-e.y/e.k*this.scale;Object.assign(this.window.style,{transform:`translate(${o}px, ${a}px)`,width:`${t.width/e.k*this.scale}px`,height:`${t.height/e.k*this.scale}px`})}moveTo(e){let t=this.element.getBoundingClientRect(),r=(e.clientX-t.left-this.offset.x)/this.scale,s=(e.clientY-t.top-this.offset.y)/this.scale;this.centreOn(r,s)}};var H=class extends Error{constructor(e){super(e),this.name="StructureError"}},Ls=new Set(["module","op","input","output"]);function J(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function er(i,e){return Number.isInteger(i)&&i>=0&&i<e}function Z(i){return typeof i=="string"?i:""}function di(i){return Array.isArray(i)&&i.every(e=>typeof e=="number"&&Number.isFinite(e))?i:null}function Es(i,e){if(!J(i))throw new H(`Graph node ${e} is not an object.`);if(i.id!==e)throw new H(`Graph node ${e} has id ${String(i.id)}; ids must equal positions.`);if(typeof i.kind!="string"||!Ls.has(i.kind))throw new H(`Graph node ${e} has unknown kind ${JSON.stringify(i.kind)}.`);if(i.parent!==null&&i.parent!==void 0&&!Number.isInteger(i.parent))throw new H(`Graph node ${e} has a parent that is not a node id.`);let t=i.kind;if(t==="module"&&typeof i.layer!="string")throw new H(`Module node ${e} has no layer key.`);return{id:e,kind:t,parent:i.parent??null,label:Z(i.label),name:Z(i.name),type:Z(i.type),layer:t==="module"?i.layer:null,call:Number.isInteger(i.call)?i.call:0,op:Z(i.op),flops:typeof i.flops=="number"?i.flops:null,inplace:i.inplace===!0,shape:di(i.shape),dtype:Z(i.dtype),children:[]}}function Cs(i){let e=new Uint8Array(i.length);for(let t of i){let r=[],s=t.id;for(;s!==null&&e[s]===0;){e[s]=1,r.push(s);let n=i[s].parent;if(n!==null){if(!er(n,i.length))throw new H(`Graph node ${s} has parent ${n}, which does not exist.`);if(i[n].kind!=="module")throw new H(`Graph node ${s} has parent ${n}, which is not a module.`);if(e[n]===1)throw new H(`The module nesting of graph node ${s} forms a cycle.`)}s=n}for(let n of r)e[n]=2}}function Ns(i,e,t){if(!J(i))throw new H(`Graph edge ${e} is not an object.`);for(let r of["src","dst"]){let s=i[r];if(!er(s,t.length))throw new H(`Graph edge ${e} has ${r} ${String(s)}, which is not a node id.`);if(t[s].kind==="module")throw new H(`Graph edge ${e} ends at module node ${s}; edges join ops, inputs and outputs.`)}return{src:i.src,dst:i.dst,shape:di(i.shape),dtype:Z(i.dtype)}}function As(i,e){if(i===void 0)return new Map;if(!Array.isArray(i))throw new H('The layer table ("layers") is not a list.');let t=new Map;return i.forEach((r,s)=>{if(!J(r)||typeof r.key!="string")throw new H(`Layer table row ${s} has no key.`);if(r.node!==null&&r.node!==void 0&&!er(r.node,e.length))throw new H(`Layer table row ${r.key} points at node ${String(r.node)}, which does not exist.`);t.set(r.key,{...r,key:r.key,node:r.node??null,name:Z(r.name),type:Z(r.type)})}),t}function ci(i){if(!J(i))throw new H("The structure document is not a JSON object.");if(!Array.isArray(i.nodes))throw new H('The structure document has no "nodes" list.');if(!Array.isArray(i.edges))throw new H('The structure document has no "edges" list.');let e=i.nodes.map(Es);Cs(e);let t=[];for(let a of e)a.parent===null?t.push(a.id):e[a.parent].children.push(a.id);let r=i.edges.map((a,d)=>Ns(a,d,e)),s=e.map(()=>[]),n=e.map(()=>[]);r.forEach((a,d)=>{n[a.src].push(d),s[a.dst].push(d)});let o=new Map;for(let a of e)a.layer!==null&&o.set(a.layer,a.id);return{hash:Z(i.hash),modelType:Z(i.model_type),nodes:e,edges:r,roots:t,inEdges:s,outEdges:n,layers:As(i.layers,e),nodeByLayer:o,totals:J(i.totals)?i.totals:{}}}function pi(i,e){return e?{x:i.x+i.width/2,y:i.y+10}:{x:i.x+i.width/2,y:i.y+i.height/2}}function hi(i,e,t,r){let s=[...i];if(s.length===0)return null;let n=e===null?void 0:s.find(([p])=>p===e);if(n===void 0){let p=null,u=1/0;for(let[h,m]of s){if(r(h))continue;let f=m.y*2+m.x;f<u&&([p,u]=[h,f])}return p??s[0][0]}let o=pi(n[1],r(n[0])),a=null,d=1/0;for(let[p,u]of s){if(p===e)continue;let h=pi(u,r(p)),m=h.x-o.x,f=h.y-o.y,g=t==="down"?f:t==="up"?-f:t==="right"?m:-m,v=Math.abs(t==="down"||t==="up"?m:f);if(g<=1)continue;let x=g+2*v;x<d&&([a,d]=[p,x])}return a}function Rs(i){return J(i)&&typeof i.numel=="number"&&typeof i.nan=="number"&&typeof i.inf=="number"}function ui(i){return!Array.isArray(i)||i.length===0?"–":i.map(e=>Array.isArray(e)?te(e):String(e)).join(", ")}function Be(i,e){i.appendChild(l("table",{class:"mv-graph-panel-table"},...e.map(([t,r])=>l("tr",{},l("td",{},t),l("td",{},r)))))}var yt=class{constructor(e){c(this,"actions",e);c(this,"element");c(this,"node",null);c(this,"model",null);c(this,"step",null);c(this,"generation",0);this.element=l("div",{class:"mv-graph-panel",testid:"graph-panel",style:{display:"none"}})}show(e,t){this.model=e,this.node=t,this.redraw()}setStep(e){this.step=e,this.redraw()}redraw(){this.generation++,this.element.replaceChildren();let{node:e,model:t}=this;if(e===null||t===null){this.element.style.display="none";return}this.element.style.display="block",e.kind==="repeat"?this.drawRepeat(t,e):e.kind==="module"?this.drawModule(t,e):e.kind==="op"?this.drawOp(t,e):this.drawEndpoint(t,e)}header(e,t){this.element.appendChild(l("div",{class:"mv-graph-panel-head"},l("div",{class:"mv-graph-panel-words"},l("div",{class:"mv-graph-panel-title",testid:"graph-panel-title"},e),l("div",{class:"mv-muted"},t)),l("button",{title:"Close",attrs:{"aria-label":"Close"},on:{click:()=>this.actions.close()}},"×")))}section(e){return this.element.appendChild(l("div",{class:"mv-graph-panel-section"},e)),this.element.appendChild(l("div"))}drawModule(e,t){let r=e.nodes[t.graphId],s=r.layer,n=e.layers.get(s);this.header(r.name===""?r.type||e.modelType:mt(r.name),r.type);let o=[["name",r.name||"(model)"],["key",s],["type",r.type]];if(n!==void 0&&typeof n.calls=="number"&&n.calls>1&&o.push(["call",`${r.call+1} of ${n.calls}`]),Be(this.section("Module"),o),n!==void 0){Be(this.section("Shapes"),[["inputs",ui(n.input_shapes)],["outputs",ui(n.output_shapes)]]);let a=Jt(e,s),d=typeof n.params_tied=="number"?n.params_tied:0,p=[["parameters",A(n.params_total)],["own parameters",A(n.params)]];if(a.length>0){p.push(["tied",`${A(d)} of them are another module's: counted once, there`]);for(let[u,h]of a)p.push(["",`${u} = ${h}`])}if(typeof n.frozen=="number"&&n.frozen>0&&p.push(["frozen",A(n.frozen)]),J(n.param_bytes)){let u=Object.values(n.param_bytes).reduce((h,m)=>h+(typeof m=="number"?m:0),0);p.push(["parameter bytes",W(u)])}p.push(["FLOPs",U(n.flops)]),typeof n.output_bytes=="number"&&p.push(["output bytes",W(n.output_bytes)]),Be(this.section("Size"),p),typeof n.extra=="string"&&n.extra!==""&&this.section("Configuration").appendChild(l("div",{class:"mv-mono mv-graph-panel-extra"},n.extra))}this.element.appendChild(l("button",{class:"mv-graph-panel-open",testid:"graph-open-activations",on:{click:()=>this.actions.openActivations(s)}},"Open activations")),this.drawThumbnail(s),this.drawStats(s)}drawThumbnail(e){let t=this.step!==null&&J(this.step.samples)?this.step.samples:null;if(this.actions.renderThumbnail===void 0||t===null||!(e in t))return;let r=this.section("Activation sample"),s=r.appendChild(l("canvas",{class:"mv-graph-thumbnail",testid:"graph-thumbnail"})),n=r.appendChild(l("div",{class:"mv-muted"},"Loading…")),o=this.generation;this.actions.renderThumbnail(e,s).then(()=>{o===this.generation&&n.remove()},a=>{o===this.generation&&(s.remove(),n.textContent=`No thumbnail: ${a instanceof Error?a.message:String(a)}`)})}drawStats(e){if(this.step===null)return;let t=this.section("Output at this step"),r=J(this.step.activations)?this.step.activations[e]:void 0;if(!Rs(r)){t.appendChild(l("div",{class:"mv-muted"},"Not recorded at this step."));return}t.appendChild(at(r,"graph-stats")),r.hist&&Array.isArray(r.hist.counts)&&r.hist.counts.length>0&&t.appendChild(tt(r.hist,ot(r.hist))).setAttribute("data-testid","graph-histogram")}drawRepeat(e,t){this.header(gt(e,t),ft(e,t)),this.element.appendChild(l("div",{class:"mv-muted"},`${t.children.length} consecutive blocks with identical structure. Select one:`));let r=this.element.appendChild(l("div",{class:"mv-graph-panel-members"}));for(let s of t.children){let n=e.nodes[s.graphId];r.appendChild(l("button",{title:n.layer??"",on:{click:()=>this.actions.selectNode(s)}},mt(n.name)||n.type))}}drawOp(e,t){let r=e.nodes[t.graphId];this.header(r.op||r.label,"operator");let s=e.inEdges[r.id].map(d=>te(e.edges[d].shape)),n=e.outEdges[r.id].map(d=>te(e.edges[d].shape)),o=r.parent===null?null:e.nodes[r.parent],a=[["inputs",s.length>0?s.join(", "):"–"],["outputs",n.length>0?[...new Set(n)].join(", "):"–"],["FLOPs",U(r.flops)],["in place",r.inplace?"yes":"no"]];o!==null&&a.push(["in module",o.layer??o.name]),Be(this.section("Operator"),a)}drawEndpoint(e,t){let r=e.nodes[t.graphId];this.header(r.name||r.label,r.kind==="input"?"model input":"model output"),Be(this.section("Tensor"),[["shape",te(r.shape)],["dtype",r.dtype||"–"]])}};function tr(i,e,t){if(e.graphId===null)return;let r=i.nodes[e.graphId];return r.kind==="op"?t.ops?.get(e.graphId):r.layer!==null?t.values.get(r.layer):void 0}function $s(i,e,t){if(e.kind!=="repeat")return tr(i,e,t);let r;for(let s of e.children){let n=tr(i,s,t);n===void 0||!Number.isFinite(n)||(r===void 0?r=n:t.combine==="sum"?r+=n:t.combine==="max"?r=Math.max(r,n):Math.abs(n)>Math.abs(r)&&(r=n))}return r}function mi(i,e,t,r){let s=new Map;for(let n of e.byId.values()){if(!r(n.id)||n.graphId!==null&&i.nodes[n.graphId].parent===null&&i.nodes[n.graphId].kind==="module")continue;let o=$s(i,n,t);if(o===void 0||!Number.isFinite(o))continue;if(n.kind!=="repeat"){s.set(n.id,{fill:t.color(o),note:`${t.label}: ${t.format(o)}`});continue}let a=n.children.map(h=>tr(i,h,t)).filter(h=>h!==void 0&&Number.isFinite(h)),d=a[0],p=a[a.length-1],u=t.combine==="sum"?`total ${t.format(o)}, `:"";s.set(n.id,{fill:t.color(o),stops:a.length>1?a.map(h=>t.color(h)):void 0,note:`${t.label} of the ${n.children.length} blocks: ${u}first ${t.format(d)}, last ${t.format(p)}`})}return s}function gi(i,e,t,r,s){let n=new Map;for(let[o,a]of r){let d=i.nodeByLayer.get(o);if(d===void 0)continue;let p=e.byGraphId[d];if(p===void 0)continue;let u=ht(t,p);if(!s(u.id))continue;let h=n.get(u.id);h?(h.count+=1,h.text+=`
`+a.text):n.set(u.id,{count:1,text:a.text,layer:o})}return n}function ve(i,e,t){let r=y("text",t,i);return r.textContent=Ue(e),r}var Hs=0,xt=class{constructor(e){c(this,"measure",e);c(this,"svg");c(this,"viewport");c(this,"markerId",`mvz-arrow-${++Hs}`);c(this,"drawn",new Map);c(this,"rects",new Map);c(this,"size",{width:0,height:0});c(this,"fills",new Map);c(this,"paints",new Map);c(this,"gradientDefs",null);c(this,"badgeLayer",null);c(this,"lodLayer",null);c(this,"lodLabels",[]);c(this,"frameTitles",[]);c(this,"lodScale",0);c(this,"edgeTips",new Map);this.svg=y("svg",{"data-testid":"graph-svg",width:"100%",height:"100%"}),this.svg.style.display="block",this.svg.style.userSelect="none",this.viewport=y("g",{"data-role":"viewport"},this.svg)}get bounds(){return this.size}rectOf(e){return this.rects.get(e)}isDrawn(e){return this.drawn.has(e)}drawnRects(){return this.rects.entries()}isFrame(e){return this.drawn.get(e)?.open??!1}nodeTooltip(e){let t=this.drawn.get(e);if(t===void 0)return null;let r=this.fills.get(e);return r?`${t.tooltip}
${r.note}`:t.tooltip}setEdgeTooltips(e){this.edgeTips=e}edgeTooltip(e){return this.edgeTips.get(e)??null}setScale(e){let t=e<Os;if(this.svg.setAttribute("data-lod",t?"low":"full"),!t){if(this.lodScale!==0)for(let s of this.frameTitles)this.sizeFrameTitle(s.text,M.titleSize);this.lodScale=0;return}let r=2**(Math.round(Math.log2(e)*4)/4);if(!(r===this.lodScale||this.lodLayer===null)){this.lodScale=r;for(let s of this.frameTitles){let n=s.room/Math.max(1,s.unitWidth);this.sizeFrameTitle(s.text,Math.max(M.titleSize,Math.min(fi/r,n,M.frameHeader*.72)))}for(let[s,n]of this.lodLabels.entries()){let o=this.lodLayer.children[s],a=n.room*.9/Math.max(1,n.unitWidth),d=Math.max(M.titleSize,Math.min(fi/r,a,n.rect.height*.8));o.setAttribute("font-size",String(z(d))),o.setAttribute("stroke-width",String(z(d*.2))),o.setAttribute("y",String(z(n.rect.y+n.rect.height/2+d*.35)))}}}sizeFrameTitle(e,t){e.setAttribute("font-size",String(z(t))),e.setAttribute("y",String(z(M.frameHeader/2+t*.4)))}clear(){this.viewport.replaceChildren(),this.frameTitles=[],this.drawn.clear(),this.rects.clear(),this.lodLayer=null,this.lodLabels=[],this.lodScale=0,this.badgeLayer=null,this.gradientDefs=null,this.size={width:0,height:0}}setFills(e){this.fills=e,this.paints.clear(),this.gradientDefs?.remove(),this.gradientDefs=y("defs",{"data-role":"overlay-gradients"},this.viewport);let t=0;for(let[r,s]of e){if(!s.stops){this.paints.set(r,s.fill);continue}let n=`${this.markerId}-g${t++}`,o=y("linearGradient",{id:n,x1:0,x2:1,y1:0,y2:0},this.gradientDefs);s.stops.forEach((a,d)=>{y("stop",{offset:s.stops.length>1?d/(s.stops.length-1):0,"stop-color":a},o)}),this.paints.set(r,`url(#${n})`)}for(let[r,s]of this.drawn)s.group.toggleAttribute("data-overlay",e.has(r))}drawBadges(e,t){this.badgeLayer?.remove(),this.badgeLayer=y("g",{"data-role":"badges"},this.viewport);for(let[r,s]of e){let n=this.rects.get(r);if(n===void 0)continue;let o=y("g",{"data-testid":"graph-badge","data-id":r,"data-key":s.layer,transform:`translate(${z(n.x+n.width-3)},${z(n.y+3)})`},this.badgeLayer);y("circle",{r:8.5,fill:t.error,stroke:t.background,"stroke-width":1.5},o),ve(o,s.count>1?String(s.count):"!",{y:3.5,"text-anchor":"middle","font-size":10.5,"font-weight":700,fill:"#ffffff"}),y("title",{},o).textContent=s.text}}draw(e,t,r,s,n){this.clear(),this.size={width:s.width??0,height:s.height??0},this.svg.setAttribute("font-family",_e);let o=y("defs",{},this.viewport),a=y("marker",{id:this.markerId,viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse",markerUnits:"userSpaceOnUse"},o);y("path",{d:"M0,0L10,5L0,10z",fill:n.edge},a);let d=y("g",{"data-role":"frames"},this.viewport),p=y("g",{"data-role":"edges"},this.viewport),u=y("g",{"data-role":"headers"},this.viewport),h=y("g",{"data-role":"boxes"},this.viewport),m=f=>{let g=t.byId.get(f.id);if(g!==void 0){let v={x:f.x??0,y:f.y??0,width:f.width??0,height:f.height??0};this.rects.set(f.id,v);let x=Ie(r,g),b=x?this.drawFrame(e,g,v,n,d,u):this.drawBox(e,g,v,n,h);if(this.drawn.set(f.id,b),!x){let E=fe(e,g).title,k=g.parent?.kind==="repeat"?E.replace(/^.*\./,""):E,C=v.width-(I(g)&&g.children.length>0?M.toggleSpace:0);this.lodLabels.push({id:f.id,text:k,rect:v,room:C,unitWidth:this.measure(k,1,{bold:!0})})}}f.children?.forEach(m)};s.children?.forEach(m);for(let f of s.edges??[])this.drawEdge(f,n,p);this.lodLayer=y("g",{"data-role":"lod-labels","pointer-events":"none"},this.viewport);for(let f of this.lodLabels)ve(this.lodLayer,f.text,{x:z(f.rect.x+f.room/2),y:z(f.rect.y+f.rect.height/2),"text-anchor":"middle","font-weight":600,fill:n.text,stroke:n.background,"paint-order":"stroke"})}highlight(e,t){for(let[r,s]of this.drawn){let n=yi(s,t),{fill:o,stroke:a}=n,d=this.fills.get(r),p=d!==void 0?this.paints.get(r)??d.fill:null;p!==null&&!s.open&&(o=p),s.band?.setAttribute("fill",p??bi(s,t));let u=d!==void 0?br(d.stops?.[0]??d.fill):null;s.texts.forEach((f,g)=>{let v=g===0||s.open||s.tree.kind==="op";f.setAttribute("fill",u?u[v?0:1]:v?t.text:t.mutedText)});let h=s.open?1:1.2,m=s.open&&s.tree.kind==="repeat"?"5 3":"";e.matches.has(r)?(s.open||(o=t.matchFill),a=t.matchStroke,h=2):e.hiding.has(r)&&(a=t.matchStroke,h=2,m="4 2"),e.selected===r&&(a=t.selected,h=2.5),s.shape.setAttribute("fill",o),s.shape.setAttribute("stroke",a),s.shape.setAttribute("stroke-width",String(h)),m?s.shape.setAttribute("stroke-dasharray",m):s.shape.removeAttribute("stroke-dasharray"),s.group.toggleAttribute("data-selected",e.selected===r),s.group.toggleAttribute("data-match",e.matches.has(r))}}nodeGroup(e,t,r,s,n){let o=y("g",{"data-testid":"graph-node","data-id":t.id,"data-kind":t.kind,transform:`translate(${r.x},${r.y})`},n);return o.style.cursor="pointer",t.graphId!==null&&e.nodes[t.graphId].layer!==null&&o.setAttribute("data-key",e.nodes[t.graphId].layer),I(t)&&o.setAttribute("data-expanded",String(s)),t.kind==="repeat"&&o.setAttribute("data-count",String(t.children.length)),o.setAttribute("role","treeitem"),o.setAttribute("aria-label",fe(e,t).tooltip),I(t)&&t.children.length>0&&o.setAttribute("aria-expanded",String(s)),o}drawnNode(e,t,r,s,n,o,a=null){return{tree:t,group:r,shape:s,band:a,open:n,texts:o,tooltip:fe(e,t).tooltip}}drawFrame(e,t,r,s,n,o){let a=y("g",{"data-role":"frame","data-id":t.id,transform:`translate(${r.x},${r.y})`},n),d=y("rect",{width:r.width,height:r.height,rx:8,"fill-opacity":s.frameFillOpacity,"pointer-events":"none"},a),p=this.nodeGroup(e,t,r,!0,o),u=Qt(e,t,this.measure),h=u.height,m=Math.min(8,h/2),f=r.width,g=y("path",{"data-role":"frame-header",d:`M0,${h}V${m}Q0,0 ${m},0H${f-m}Q${f},0 ${f},${m}V${h}Z`},p),v=u.lines.map((b,E)=>ve(p,b,{x:M.padX,y:M.frameHeader/2+5+E*M.headerLine,"font-size":M.titleSize,"font-weight":600,fill:s.text}));if(this.drawToggle(p,r.width-M.toggleSpace/2-4,M.frameHeader/2+1,!0,s),u.lines.length===1){let b=r.width-2*M.padX-M.toggleSpace;this.frameTitles.push({text:v[0],room:b,unitWidth:this.measure(u.lines[0],1,{bold:!0})})}let x=this.drawnNode(e,t,p,d,!0,v,g);return vi(x,s),x}drawBox(e,t,r,s,n){let o=this.nodeGroup(e,t,r,!1,n),a=fe(e,t);if(t.kind==="repeat")for(let g of[6,3])y("rect",{x:g,y:-g,width:r.width,height:r.height,rx:6,fill:s.repeatFill,stroke:s.repeatStroke,"stroke-width":1},o);let d=t.kind==="op"?r.height/2:t.kind==="input"||t.kind==="output"?12:6,p=y("rect",{width:r.width,height:r.height,rx:d},o),u=I(t)&&t.children.length>0,h=r.width-2*M.padX-(u?M.toggleSpace:0)+1,m=[];t.kind==="op"?m.push(ve(o,this.fitText(a.title,h,M.opSize,!1),{x:r.width/2,y:r.height/2+4,"text-anchor":"middle","font-size":M.opSize,fill:s.text,"data-detail":""})):(m.push(ve(o,this.fitText(a.title,h,M.titleSize,!0),{x:M.padX,y:16,"font-size":M.titleSize,"font-weight":600,fill:s.text,"data-detail":""})),m.push(ve(o,this.fitText(a.subtitle,h,M.subtitleSize,!1),{x:M.padX,y:t.kind==="input"||t.kind==="output"?28:30,"font-size":M.subtitleSize,fill:s.mutedText,"data-detail":""}))),u&&this.drawToggle(o,r.width-M.toggleSpace/2-2,r.height/2,!1,s);let f=this.drawnNode(e,t,o,p,!1,m);return vi(f,s),f}fitText(e,t,r,s){if(this.measure(e,r,{bold:s})<=t)return e;let n=0,o=e.length;for(;n<o;){let a=Math.ceil((n+o)/2);this.measure(e.slice(0,a)+"…",r,{bold:s})<=t?n=a:o=a-1}return e.slice(0,n)+"…"}drawToggle(e,t,r,s,n){let o=y("g",{"data-testid":"graph-toggle","data-role":"toggle",transform:`translate(${t},${r})`},e);y("circle",{r:M.toggleRadius,fill:n.toggleFill,stroke:n.mutedText,"stroke-width":1},o),y("path",{d:s?"M-3.5,0H3.5":"M-3.5,0H3.5M0,-3.5V3.5",stroke:n.text,"stroke-width":1.4,"stroke-linecap":"round"},o),o.setAttribute("data-tip",s?"Close this group":"Open this group")}drawEdge(e,t,r){let s=y("g",{"data-testid":"graph-edge","data-id":e.id,"data-src":e.sources[0],"data-dst":e.targets[0]},r);for(let n of e.sections??[]){let a=[n.startPoint,...n.bendPoints??[],n.endPoint].map((d,p)=>`${p===0?"M":"L"}${z(d.x)},${z(d.y)}`).join("");y("path",{d:a,fill:"none",stroke:t.edge,"stroke-width":1.2,"marker-end":`url(#${this.markerId})`},s),y("path",{d:a,fill:"none",stroke:"transparent","stroke-width":9,"data-role":"edge-hit"},s)}for(let n of e.labels??[])s.setAttribute("data-label",n.text),ve(s,n.text,{x:z((n.x??0)+2),y:z((n.y??0)+n.height-3),"font-family":Zt,"font-size":M.edgeLabelSize,fill:t.edgeLabel,stroke:t.background,"stroke-width":3,"paint-order":"stroke","stroke-linejoin":"round","data-detail":""})}},Os=.55,fi=13;function bi(i,e){return i.tree.kind==="repeat"?e.repeatHeaderFill:e.frameHeaderFill}function z(i){return Math.round(i*10)/10}function yi(i,e){if(i.open)return{fill:e.frameFill,stroke:e.frameStroke};switch(i.tree.kind){case"repeat":return{fill:e.repeatFill,stroke:e.repeatStroke};case"op":return{fill:e.opFill,stroke:e.opStroke};case"input":case"output":return{fill:e.ioFill,stroke:e.ioStroke};default:return{fill:e.moduleFill,stroke:e.moduleStroke}}}function vi(i,e){let{fill:t,stroke:r}=yi(i,e);i.band?.setAttribute("fill",bi(i,e)),i.shape.setAttribute("fill",t),i.shape.setAttribute("stroke",r),i.shape.setAttribute("stroke-width",i.open?"1":"1.2"),i.open&&i.tree.kind==="repeat"&&i.shape.setAttribute("stroke-dasharray","5 3")}function Ds(i,e){if(e.graphId===null)return"";let t=i.nodes[e.graphId];switch(t.kind){case"module":return`${t.name}
${t.type}
${t.layer??""}`.toLowerCase();case"op":return`${t.op}
${t.label}`.toLowerCase();default:return`${t.name}
${t.label}`.toLowerCase()}}function xi(i,e,t){let r=t.trim().toLowerCase();if(r==="")return[];let s=[];for(let n of e.byGraphId)n!==void 0&&Ds(i,n).includes(r)&&s.push(n);return s}var Gs={background:"--mv-bg",text:"--mv-text",mutedText:"--mv-muted",error:"--mv-warn",frameFill:"--mv-graph-frame-fill",frameFillOpacity:"--mv-graph-frame-fill-opacity",frameStroke:"--mv-graph-frame-stroke",frameHeaderFill:"--mv-graph-frame-header-fill",repeatHeaderFill:"--mv-graph-repeat-header-fill",moduleFill:"--mv-graph-module-fill",moduleStroke:"--mv-graph-module-stroke",repeatFill:"--mv-graph-repeat-fill",repeatStroke:"--mv-graph-repeat-stroke",opFill:"--mv-graph-op-fill",opStroke:"--mv-graph-op-stroke",ioFill:"--mv-graph-io-fill",ioStroke:"--mv-graph-io-stroke",edge:"--mv-graph-edge",edgeLabel:"--mv-graph-edge-label",selected:"--mv-graph-selected",matchFill:"--mv-graph-match-fill",matchStroke:"--mv-graph-match-stroke",toggleFill:"--mv-graph-toggle-fill"};function Ps(i){let e={},t=[];for(let[r,s]of Object.entries(Gs)){let n=i.getPropertyValue(s).trim();n===""&&t.push(s),e[r]=n}if(t.length>0)throw new Error(`The stylesheet defines no ${t.join(", ")}: the graph cannot be coloured.`);return e}function rr(i){return Ps(getComputedStyle(i.ownerDocument.documentElement))}var wt=class{constructor(e,t){c(this,"svg",e);c(this,"target",t);c(this,"transform",{x:0,y:0,k:1});c(this,"drag",null);c(this,"swallowClick",!1);c(this,"listeners",[]);c(this,"onChange",null);this.listen("wheel",r=>this.onWheel(r),{passive:!1}),this.listen("pointerdown",r=>this.onPointerDown(r)),this.listen("pointermove",r=>this.onPointerMove(r)),this.listen("pointerup",r=>this.onPointerUp(r)),this.listen("pointercancel",r=>this.onPointerUp(r)),this.listen("click",r=>{this.swallowClick&&(r.stopPropagation(),r.preventDefault(),this.swallowClick=!1)},{capture:!0})}get current(){return{...this.transform}}set(e){this.transform={...e,k:wi(e.k,.005,4)},this.target.setAttribute("transform",`translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`),this.onChange?.(this.current)}centreOn(e,t){let{width:r,height:s}=this.size();this.pin(e,t,{x:r/2,y:s/2})}viewSize(){return this.size()}fit(e,t=16){let{width:r,height:s}=this.size(),n=s-30;if(r<=0||n<=0||e.width<=0||e.height<=0)return;let o=Math.min((r-2*t)/e.width,(n-2*t)/e.height,1.5);this.set({k:o,x:(r-e.width*o)/2-e.x*o,y:30+(n-e.height*o)/2-e.y*o})}overview(e,t=.3,r=16){let{width:s,height:n}=this.size();if(s<=0||n<=0||e.width<=0||e.height<=0)return;let o=Math.min((s-2*r)/e.width,(n-30-2*r)/e.height,1.5);if(o>=t){this.fit(e,r);return}let a=Math.max(o,Math.min(t,(s-2*r)/e.width));this.set({k:a,x:(s-e.width*a)/2-e.x*a,y:30+r-e.y*a})}ensureVisible(e){let{width:t,height:r}=this.size(),{x:s,y:n,k:o}=this.transform,a=e.x*o+s,d=e.y*o+n;a>=0&&d>=0&&a+e.width*o<=t&&d+e.height*o<=r||this.set({k:o,x:t/2-(e.x+e.width/2)*o,y:r/2-(e.y+e.height/2)*o})}toScreen(e,t){return{x:e*this.transform.k+this.transform.x,y:t*this.transform.k+this.transform.y}}pin(e,t,r){let{k:s}=this.transform;this.set({k:s,x:r.x-e*s,y:r.y-t*s})}zoomBy(e,t){let{width:r,height:s}=this.size(),n=t??{x:r/2,y:s/2},{x:o,y:a,k:d}=this.transform,p=wi(d*e,.005,4);this.set({k:p,x:n.x-(n.x-o)*p/d,y:n.y-(n.y-a)*p/d})}destroy(){for(let[e,t,r]of this.listeners)this.svg.removeEventListener(e,t,r)}size(){let e=this.svg.getBoundingClientRect();return{width:e.width,height:e.height}}listen(e,t,r){this.svg.addEventListener(e,t,r),this.listeners.push([e,t,r])}onWheel(e){e.preventDefault();let t=e.deltaMode===1?16:e.deltaMode===2?400:1,r=this.svg.getBoundingClientRect();this.zoomBy(Math.exp(-e.deltaY*t*.0015),{x:e.clientX-r.left,y:e.clientY-r.top})}onPointerDown(e){e.button!==0||this.drag!==null||(this.swallowClick=!1,this.drag={pointerId:e.pointerId,startX:e.clientX,startY:e.clientY,origin:this.current,moving:!1})}onPointerMove(e){let t=this.drag;if(t===null||t.pointerId!==e.pointerId)return;let r=e.clientX-t.startX,s=e.clientY-t.startY;if(!t.moving){if(Math.hypot(r,s)<4)return;t.moving=!0,this.svg.setPointerCapture(e.pointerId),this.svg.style.cursor="grabbing"}this.set({...t.origin,x:t.origin.x+r,y:t.origin.y+s})}onPointerUp(e){let t=this.drag;t===null||t.pointerId!==e.pointerId||(this.drag=null,t.moving&&(this.swallowClick=!0,this.svg.style.cursor="",this.svg.hasPointerCapture(e.pointerId)&&this.svg.releasePointerCapture(e.pointerId)))}};function wi(i,e,t){return Math.min(t,Math.max(e,i))}var Is=150,Si=2;function St(i,e){let t=performance.now();try{return e()}finally{performance.measure(`modelviz:${i}`,{start:t})}}var kt=class kt{constructor(e,t){c(this,"options",t);c(this,"root");c(this,"canvasArea");c(this,"status");c(this,"toolbar");c(this,"legend");c(this,"tooltip");c(this,"depthSelect");c(this,"directionButton");c(this,"minimap");c(this,"direction","DOWN");c(this,"overlay",null);c(this,"badges",null);c(this,"measure",Qr());c(this,"renderer",new xt(this.measure));c(this,"viewport");c(this,"panel");c(this,"client");c(this,"resizeObserver");c(this,"theme");c(this,"dark",!1);c(this,"model",null);c(this,"tree",null);c(this,"generation",0);c(this,"expanded",new Set);c(this,"beforeSearch",null);c(this,"searchToggles",new Map);c(this,"selected",null);c(this,"query","");c(this,"matches",[]);c(this,"matchCursor",-1);c(this,"drawnKey",null);c(this,"drawnLayout",null);c(this,"fitPending",!1);c(this,"anchor",null);c(this,"revealTarget",null);c(this,"waiters",[]);c(this,"busyTimer",null);c(this,"destroyed",!1);this.root=document.createElement("div"),this.root.setAttribute("data-testid","graph-view"),this.root.className="mv-graph-view",this.root.style.fontFamily=_e,this.theme=rr(this.root),this.canvasArea=document.createElement("div"),this.canvasArea.className="mv-graph-canvas",this.canvasArea.appendChild(this.renderer.svg),this.root.appendChild(this.canvasArea),this.toolbar=document.createElement("div"),this.toolbar.className="mv-graph-toolbar",this.addButton("Fit","graph-fit","Fit the whole graph to the view",()=>this.fit()),this.addButton("+","graph-zoom-in","Zoom in (2×)",()=>this.viewport.zoomBy(Si)),this.addButton("−","graph-zoom-out","Zoom out (2×)",()=>this.viewport.zoomBy(1/Si)),this.addButton("Reset","graph-reset","Back to the default expansion",()=>this.resetExpansion()),this.depthSelect=document.createElement("select"),this.depthSelect.setAttribute("data-testid","graph-depth"),this.depthSelect.setAttribute("aria-label","Open the modules down to a depth"),this.depthSelect.title="Open every module down to this depth (folded ×N blocks stay as they are)",this.depthSelect.addEventListener("change",()=>{let s=Number(this.depthSelect.value);this.depthSelect.value="",s>0&&this.expandTo(s)}),this.toolbar.appendChild(this.depthSelect),this.directionButton=this.addButton("↓","graph-layout","Lay out left to right",()=>this.toggleDirection()),this.status=document.createElement("span"),this.status.setAttribute("data-testid","graph-status"),this.status.className="mv-graph-status",this.toolbar.appendChild(this.status),this.canvasArea.appendChild(this.toolbar),this.legend=document.createElement("div"),this.legend.setAttribute("data-testid","graph-legend"),this.legend.className="mv-graph-legend",this.legend.style.display="none",this.canvasArea.appendChild(this.legend),this.tooltip=document.createElement("div"),this.tooltip.setAttribute("data-testid","graph-tooltip"),this.tooltip.setAttribute("role","tooltip"),this.tooltip.className="mv-graph-tooltip",this.tooltip.style.display="none",this.canvasArea.appendChild(this.tooltip),this.minimap=new bt((s,n)=>this.viewport.centreOn(s,n)),this.canvasArea.appendChild(this.minimap.element),this.panel=new yt({close:()=>this.selectNode(null,!0),openActivations:s=>this.options.onOpenActivations(s),selectNode:s=>this.selectNode(s,!0,!0),renderThumbnail:t.renderThumbnail}),this.root.appendChild(this.panel.element),this.viewport=new wt(this.renderer.svg,this.renderer.viewport),this.viewport.onChange=s=>{this.renderer.setScale(s.k),this.minimap.follow(s,this.viewport.viewSize()),this.hideTooltip()};let r=this.renderer.svg;r.setAttribute("tabindex","0"),r.setAttribute("role","tree"),r.setAttribute("aria-label","Model graph: arrow keys move between nodes, Enter opens or closes a group"),r.addEventListener("click",s=>this.onClick(s)),r.addEventListener("dblclick",s=>this.onDoubleClick(s)),r.addEventListener("keydown",s=>this.onKey(s)),r.addEventListener("pointerover",s=>this.onHover(s)),r.addEventListener("pointerleave",()=>this.hideTooltip()),this.resizeObserver=new ResizeObserver(()=>{this.fitPending&&this.drawnLayout!==null&&this.fit(!0)}),this.resizeObserver.observe(this.canvasArea),this.client=new vt(t.workerUrl),this.root.setAttribute("data-theme","light"),this.setState("empty"),e.appendChild(this.root)}async setStructure(e){let t;try{t=St("parse",()=>ci(e))}catch(n){throw this.showError(n instanceof Error?n.message:String(n)),n}this.model!==null&&this.tree!==null&&t.hash!==""&&t.hash===this.model.hash||(this.generation++,this.model=t,this.tree=St("tree",()=>Fr(t)),this.expanded=Xt(this.tree,t),this.beforeSearch=null,this.searchToggles.clear(),this.fillDepths(Xr(this.tree)),this.selected=null,this.panel.show(t,null),this.client.clearCache(),this.drawnKey=null,this.drawnLayout=null,this.renderer.clear(),this.fitPending=!0,this.anchor=null,this.revealTarget=null,this.applySearch(!1));let s=this.whenReady();return this.refresh(),s}setStep(e){this.panel.setStep(e)}select(e){if(e===null||this.model===null||this.tree===null){this.selectNode(null,!1);return}let t=this.model.nodeByLayer.get(e);this.selectNode(t===void 0?null:this.tree.byGraphId[t],!1,!0)}search(e){this.query=e,this.applySearch(!0)}showNextMatch(){this.tree===null||this.matches.length===0||(this.beforeSearch===null&&(this.beforeSearch=new Set(this.expanded)),this.matchCursor=(this.matchCursor+1)%this.matches.length,this.expanded=Yt(this.beforeSearch,this.searchToggles),this.selectNode(this.matches[this.matchCursor],!0,!0),this.refresh())}setOverlay(e){this.overlay=e,this.legend.replaceChildren(),e?.legend&&this.legend.appendChild(e.legend),this.legend.style.display=e?.legend?"block":"none",this.root.setAttribute("data-overlay",e?e.label:""),this.decorate()}setBadges(e){this.badges=e,this.decorate()}exportSVG(){this.renderer.highlight({selected:null,matches:new Set,hiding:new Set},this.theme);try{return Zr(this.renderer.svg,this.renderer.viewport,this.renderer.bounds,this.theme.background)}finally{this.applyHighlight()}}exportPNG(){try{return Jr(this.exportSVG())}catch(e){return Promise.reject(e)}}setDark(e){e!==this.dark&&(this.dark=e,this.theme=rr(this.root),this.root.setAttribute("data-theme",e?"dark":"light"),this.drawnLayout!==null&&this.model!==null&&this.tree!==null&&(this.draw(this.model,this.tree,this.drawnLayout),this.decorate()))}destroy(){if(!this.destroyed){this.destroyed=!0,this.client.destroy(),this.viewport.destroy(),this.resizeObserver.disconnect(),this.busyTimer!==null&&clearTimeout(this.busyTimer),this.root.remove();for(let e of this.waiters.splice(0))e.resolve()}}toggle(e){if(!I(e)||e.children.length===0)return;let t=this.renderer.rectOf(e.id);t!==void 0&&(this.anchor={id:e.id,screen:this.viewport.toScreen(t.x,t.y)});let r=!this.expanded.has(e.id);r?this.expanded.add(e.id):this.expanded.delete(e.id),this.beforeSearch!==null&&this.searchToggles.set(e.id,r),this.refresh()}setExpansion(e){this.expanded=e,this.beforeSearch!==null&&(this.beforeSearch=new Set(e),this.searchToggles.clear()),this.fitPending=!0,this.refresh()}resetExpansion(){this.tree!==null&&this.setExpansion(Xt(this.tree,this.model))}expandTo(e){this.tree!==null&&this.setExpansion(Yr(this.tree,e,this.expanded))}toggleDirection(){this.direction=this.direction==="DOWN"?"RIGHT":"DOWN",this.directionButton.textContent=this.direction==="DOWN"?"↓":"→",this.directionButton.title=this.direction==="DOWN"?"Lay out left to right":"Lay out top to bottom",this.root.setAttribute("data-direction",this.direction),this.fitPending=!0,this.refresh()}fillDepths(e){let t=[new Option("Depth…","")];for(let r=1;r<=e;r++)t.push(new Option(r===e?`${r} (all)`:String(r),String(r)));this.depthSelect.replaceChildren(...t),this.depthSelect.value=""}wrapAspect(e=this.expanded){if(this.tree===null||Kr(this.tree,e)<=oi)return null;let t=this.canvasArea.getBoundingClientRect(),r=t.width>0&&t.height>0?t.width/t.height:1.6;return Math.min(4,Math.max(.5,Math.round(r*4)/4))}currentKey(e=this.expanded){return`${this.generation}|${this.direction}|${this.wrapAspect(e)??""}|${Wr(e)}`}layoutGraph(e,t,r){return li(e,t,r,Ve(e,t,r),this.measure,this.direction,this.wrapAspect(r))}prefetchLikelyNext(){let{model:e,tree:t}=this;if(e===null||t===null)return;let r=null;for(let[n]of this.renderer.drawnRects()){let o=t.byId.get(n);o?.kind==="repeat"&&!this.expanded.has(n)&&(r===null||o.children.length>r.children.length)&&(r=o)}if(r===null)return;let s=new Set(this.expanded).add(r.id);this.client.prefetch(this.currentKey(s),()=>this.layoutGraph(e,t,s))}async refresh(){let{model:e,tree:t}=this;if(e===null||t===null||this.destroyed)return;let r=this.currentKey();if(r===this.drawnKey){this.afterDraw();return}let s=this.client.cached(r);if(s===void 0){this.setState("layout"),this.showBusySoon();let n=St("layout-graph",()=>this.layoutGraph(e,t,this.expanded)),o=performance.now();try{s=await this.client.layout(r,n),performance.measure("modelviz:layout",{start:o})}catch(a){if(a instanceof ze||this.destroyed)return;r===this.currentKey()&&this.showError(a instanceof Error?a.message:String(a));return}if(this.destroyed||r!==this.currentKey())return}St("draw",()=>this.draw(e,t,s)),this.drawnKey=r,this.drawnLayout=s,this.afterDraw()}draw(e,t,r){let s=new Map;for(let a of Ve(e,t,this.expanded).edges)s.set(a.id,ii(e,a.edges));this.renderer.setEdgeTooltips(s),this.renderer.draw(e,t,this.expanded,r,this.theme);let n=[...this.renderer.drawnRects()].map(([a,d])=>({rect:d,frame:this.renderer.isFrame(a)}));this.minimap.draw(n,this.renderer.bounds,this.theme);let o=this.viewport.current;this.renderer.setScale(o.k),this.minimap.follow(o,this.viewport.viewSize())}afterDraw(){if(this.fitPending)this.fit(!0);else if(this.anchor!==null){let e=this.renderer.rectOf(this.anchor.id);e!==void 0&&this.viewport.pin(e.x,e.y,this.anchor.screen)}if(this.anchor=null,this.revealTarget!==null){let e=this.renderer.rectOf(this.revealTarget);e!==void 0&&!this.fitPending&&this.viewport.ensureVisible(e),this.revealTarget=null}this.decorate(),this.clearBusy(),this.showMatchCount(),this.setState("ready");for(let e of this.waiters.splice(0))e.resolve();this.prefetchLikelyNext()}fit(e=!1){let{width:t,height:r}=this.renderer.bounds;if(t<=0)return;let s=this.canvasArea.getBoundingClientRect();if(s.width<=0||s.height<=0){this.fitPending=!0;return}e?this.viewport.overview({x:0,y:0,width:t,height:r}):this.viewport.fit({x:0,y:0,width:t,height:r}),this.fitPending=!1}whenReady(){return new Promise((e,t)=>this.waiters.push({resolve:e,reject:t}))}selectNode(e,t,r=!1){if(this.model!==null){if(this.selected=e,this.panel.show(this.model,e),t){let s=e!==null&&e.kind==="module"?this.model.nodes[e.graphId].layer:null;this.options.onSelect(s)}if(e!==null&&r){if(this.revealTarget=e.id,Ur(this.expanded,e)){this.refresh();return}let s=this.renderer.rectOf(e.id);s!==void 0&&this.viewport.ensureVisible(s),this.revealTarget=null}this.applyHighlight()}}applySearch(e){if(!(this.model===null||this.tree===null)){if(this.matches=xi(this.model,this.tree,this.query),this.matchCursor=-1,this.query.trim()===""&&this.beforeSearch!==null){this.expanded=Yt(this.beforeSearch,this.searchToggles),this.beforeSearch=null,this.searchToggles.clear(),e&&this.refresh();return}e&&(this.applyHighlight(),this.status.textContent="",this.showMatchCount())}}decorate(){if(this.model!==null&&this.tree!==null){let e=t=>this.renderer.isDrawn(t);this.renderer.setFills(this.overlay?mi(this.model,this.tree,this.overlay,e):new Map),this.renderer.drawBadges(this.badges?gi(this.model,this.tree,this.expanded,this.badges,e):new Map,this.theme)}this.applyHighlight()}applyHighlight(){let e=new Set,t=new Set;for(let r of this.matches)this.renderer.isDrawn(r.id)?e.add(r.id):t.add(ht(this.expanded,r).id);this.renderer.highlight({selected:this.selected?.id??null,matches:e,hiding:t},this.theme),this.root.setAttribute("data-matches",String(this.matches.length))}nodeOf(e){let r=(e.target instanceof Element?e.target.closest('[data-testid="graph-node"]'):null)?.getAttribute("data-id");return r?this.tree?.byId.get(r)??null:null}onClick(e){let t=this.nodeOf(e);if(t===null){this.selected!==null&&this.selectNode(null,!0);return}e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null?this.toggle(t):this.selectNode(t,!0)}onDoubleClick(e){let t=this.nodeOf(e),r=e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null;t!==null&&!r&&this.toggle(t)}onKey(e){if(this.tree===null||e.altKey||e.ctrlKey||e.metaKey)return;let t=kt.ARROWS[e.key];if(t!==void 0){e.preventDefault();let r=this.selected!==null&&this.renderer.isDrawn(this.selected.id)?this.selected.id:null,s=hi(this.renderer.drawnRects(),r,t,o=>this.renderer.isFrame(o)),n=s===null?null:this.tree.byId.get(s)??null;n!==null&&this.selectNode(n,!0,!0)}else e.key==="Enter"&&this.selected!==null?(e.preventDefault(),this.toggle(this.selected)):e.key==="Escape"&&this.selected!==null&&(e.preventDefault(),e.stopPropagation(),this.selectNode(null,!0))}onHover(e){if(!(e.target instanceof Element)||e.buttons!==0)return;let t=e.target.closest('[data-role="toggle"]'),r=e.target.closest('[data-testid="graph-node"]'),s=e.target.closest('[data-testid="graph-edge"]'),n=null;if(t!==null?n=t.getAttribute("data-tip"):r!==null?n=this.renderer.nodeTooltip(r.getAttribute("data-id")??""):s!==null&&(n=this.renderer.edgeTooltip(s.getAttribute("data-id")??"")),n===null){this.hideTooltip();return}if(e.target.closest('[data-testid="graph-badge"]')!==null)return;this.tooltip.textContent=n,this.tooltip.setAttribute("data-for",r!==null?"node":s!==null?"edge":"button"),this.tooltip.style.display="block";let a=this.canvasArea.getBoundingClientRect(),d=e.clientX-a.left+14,p=e.clientY-a.top+16,u=this.tooltip.offsetWidth,h=this.tooltip.offsetHeight;this.tooltip.style.left=`${Math.max(4,Math.min(d,a.width-u-4))}px`,this.tooltip.style.top=`${p+h>a.height-4?Math.max(4,p-h-24):p}px`}hideTooltip(){this.tooltip.style.display!=="none"&&(this.tooltip.style.display="none")}addButton(e,t,r,s){let n=document.createElement("button");return n.textContent=e,n.title=r,n.setAttribute("aria-label",r),n.setAttribute("data-testid",t),n.addEventListener("click",s),this.toolbar.appendChild(n),n}setState(e){this.root.setAttribute("data-state",e)}showBusySoon(){this.busyTimer===null&&(this.busyTimer=setTimeout(()=>{this.busyTimer=null,this.root.getAttribute("data-state")==="layout"&&(this.status.textContent="Laying out…")},Is))}clearBusy(){this.busyTimer!==null&&clearTimeout(this.busyTimer),this.busyTimer=null,this.status.textContent=""}showMatchCount(){if(this.query.trim()==="")return;let e=this.matches.length;this.status.textContent=e===0?"No matches":`${e===1?"1 match":`${e} matches`} · Enter: show ${this.matchCursor<0?"the first":"the next"}`}showError(e){this.clearBusy(),this.setState("error"),this.status.textContent=e;for(let t of this.waiters.splice(0))t.reject(new Error(e))}};c(kt,"ARROWS",{ArrowUp:"up",ArrowDown:"down",ArrowLeft:"left",ArrowRight:"right"});var ir=kt;function Tt(i,e){return new ir(i,e)}function ne(i,e){let t=l("canvas",{class:"mv-legend-bar",attrs:{"aria-hidden":"true"}});We(t,i.colormap);let r=l("div",{class:"mv-legend-labels"},l("span",{},e.format(i.lo)),i.kind==="diverging"||i.kind==="symlog"?l("span",{},"0"):i.kind==="log"?l("span",{class:"mv-muted"},"log scale"):null,l("span",{},e.format(i.hi)));return l("div",{class:"mv-legend",testid:e.testid,dataset:{scale:i.kind}},e.title?l("div",{class:"mv-legend-title"},e.title):null,l("div",{class:"mv-legend-scale"},t,r),i.kind==="symlog"?l("div",{class:"mv-muted mv-legend-note"},"log scale both ways: every ×10 the same step of colour"):null,i.hasZero||e.missing?l("div",{class:"mv-legend-missing"},i.hasZero?l("span",{class:"mv-legend-swatch",style:{background:Pe}}):null,i.hasZero?"exactly 0":null,e.missing?l("span",{class:"mv-legend-swatch",style:e.missingColor?{background:e.missingColor}:{}}):null,e.missing??null):null)}var Vs=16;function ki(i,e,t,r){let s=he(i,0,e),n=i.lo[0][t],o=i.hi[0][t],a=new Float32Array(r);for(let d=0;d<r;d++)a[d]=n+i.values[s+d]/255*(o-n);return a}function _s(i,e){if(i.layout!==e.layout)return`A is stored as ${i.layout} and B as ${e.layout}`;if(i.shape.length!==e.shape.length||i.shape.some((t,r)=>r>0&&t!==e.shape[r])){let t=i.sourceShape.slice(1),r=e.sourceShape.slice(1);return t.length!==r.length||t.some((s,n)=>s!==r[n])?`the layer's output is ${q(t)} at A and ${q(r)} at B: outputs of different shapes cannot be subtracted`:`A was stored at ${q(i.shape.slice(1))} and B at ${q(e.shape.slice(1))} (the byte budget downsampled them differently)`}return i.shape[0]===0||e.shape[0]===0?"one of the samples is empty":null}function zs(i,e){let{planes:t,width:r,height:s}=le(i),n=r*s,o=[];for(let a=0;a<Math.min(t,Vs);a++){let d=i.layout==="chw"?a:0,p=ki(i,a,d,n),u=ki(e,a,d,n),h=new Float32Array(n),m=0;for(let v=0;v<n;v++)h[v]=u[v]-p[v],m=Math.max(m,Math.abs(h[v]));let f=Math.min(i.lo[0][d],e.lo[0][d]),g=Math.max(i.hi[0][d],e.hi[0][d]);o.push({a:p,b:u,diff:h,lo:f,hi:g,span:m})}return o}function sr(i,e,t,r,s,n,o){let a=l("canvas",{class:"mv-compare-canvas",testid:i}),d=r===1?Math.max(1,Math.round(t/12)):r,p=Math.ceil(Math.sqrt(e.length)),u=Math.ceil(e.length/p),h=e.length>1?Math.max(1,Math.round(Math.max(t,d)/16)):0;a.width=p*t+(p-1)*h,a.height=u*d+(u-1)*h;let m=a.getContext("2d");if(!m)return a;let f=oe(o);return e.forEach((g,v)=>{let x=s(g),b=n(g),E=m.createImageData(t,d);for(let k=0;k<d;k++)for(let C=0;C<t;C++){let R=x[(r===1?0:k)*t+C],G=Math.round(b.position(R)*255)*3,T=(k*t+C)*4;E.data[T]=f[G],E.data[T+1]=f[G+1],E.data[T+2]=f[G+2],E.data[T+3]=255}m.putImageData(E,v%p*(t+h),Math.floor(v/p)*(d+h))}),a}function nr(i,e,t){return l("figure",{class:"mv-compare-figure"},l("figcaption",{},i),e,t)}function Ti(i,e,t){let r=_s(i,e),{planes:s,width:n,height:o}=le(i);if(r)return l("p",{class:"mv-muted",testid:"compare-sample-mismatch"},`No difference map: ${r}.`);let a=zs(i,e),d=g=>Se(g.lo,g.hi),p=g=>Ge(g.span),u=a.length===1,h=u?ne(d(a[0]),{format:L}):null,m=u?ne(p(a[0]),{format:L}):null,f=s>a.length?`first ${a.length} of ${s} channels`:s>1?`${s} channels`:"";return l("div",{class:"mv-compare-samples"},l("div",{class:"mv-compare-figures"},nr(`A · ${t[0]}`,sr("compare-sample-a",a,n,o,g=>g.a,d,"viridis"),h),nr(`B · ${t[1]}`,sr("compare-sample-b",a,n,o,g=>g.b,d,"viridis"),h?h.cloneNode(!0):null),nr("B − A",sr("compare-sample-diff",a,n,o,g=>g.diff,p,"diverging"),m)),l("p",{class:"mv-muted mv-compare-note"},["First batch item",f,u?"":"each channel on its own scale, shared by A and B; B − A blue where B is lower, red where higher","A and B are outputs for the inputs logged at their own steps, so B − A shows a change of input as well as of the model unless the same batch was logged"].filter(Boolean).join("; ")+"."))}var Mi="param_norm",Et=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"runSelect");c(this,"stepSelect");c(this,"statisticSelect");c(this,"bLabel");c(this,"body");c(this,"inputsSlot");c(this,"archSlot");c(this,"tableSlot");c(this,"graphHost");c(this,"graphLegend");c(this,"detail");c(this,"graph",null);c(this,"context",null);c(this,"statistic",Mi);c(this,"sort",{key:"relative",descending:!0});c(this,"diff",null);c(this,"diffFor","");c(this,"detailFor","");c(this,"visible",!1);c(this,"dark",!1);this.runSelect=l("select",{testid:"compare-run",attrs:{"aria-label":"Run of A"},on:{change:()=>this.pickRun()}}),this.stepSelect=l("select",{testid:"compare-step",attrs:{"aria-label":"Step of A"},on:{change:()=>this.handlers.onReference(this.runSelect.value,Number(this.stepSelect.value))}}),this.statisticSelect=l("select",{testid:"compare-statistic",attrs:{"aria-label":"Statistic to compare"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de().map(r=>l("option",{attrs:{value:r.name}},r.label))),this.statisticSelect.value=this.statistic,this.bLabel=l("span",{class:"mv-compare-b mv-mono",testid:"compare-b"}),this.inputsSlot=l("div",{testid:"compare-inputs"}),this.archSlot=l("div",{testid:"compare-architecture"}),this.tableSlot=l("div",{class:"mv-compare-table"}),this.graphHost=l("div",{class:"mv-compare-graph",testid:"compare-graph"}),this.graphLegend=l("div",{class:"mv-muted mv-compare-graph-note"}),this.detail=l("div",{class:"mv-card",testid:"compare-detail"}),this.body=l("div",{class:"mv-compare-body"},this.inputsSlot,this.archSlot,l("div",{class:"mv-compare-row"},l("div",{class:"mv-card mv-compare-table-card"},l("h3",{},"Every layer",l("span",{class:"mv-card-note"},"click a header to sort, a row to open the layer")),this.tableSlot),l("div",{class:"mv-card mv-compare-graph-card"},l("h3",{},"Graph coloured by the change"),this.graphHost,this.graphLegend)),this.detail),this.element=l("section",{class:"mv-view mv-compare"},l("div",{class:"mv-view-bar"},l("span",{class:"mv-compare-side"},"A"),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Step"),this.stepSelect),l("span",{class:"mv-compare-arrow"},"→"),l("span",{class:"mv-compare-side"},"B"),this.bLabel,l("span",{class:"mv-spacer"}),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Compare"),this.statisticSelect)),this.body)}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de().some(t=>t.name===e)?e:Mi,this.statisticSelect.value=this.statistic,this.diff&&this.renderDiff()}setVisible(e){this.visible=e,this.refresh()}invalidate(){this.diffFor=""}setDark(e){this.dark=e,this.graph?.setDark(e)}refresh(){let e=this.context;if(!this.visible||!e)return;this.renderSelectors(e);let{a:t,b:r}=e,s=[t.run,t.tag,t.step,r.run,r.tag,r.step].join("\0");s!==this.diffFor?(this.diffFor=s,this.detailFor="",this.load(e,s)):this.diff&&(this.renderDetail(),this.highlightRow())}renderSelectors(e){let t=e.runs.filter(s=>s.tags.some(n=>n.steps.length));w(this.runSelect,...t.map(s=>l("option",{attrs:{value:s.run}},s.run))),this.runSelect.value=e.a.run;let r=this.stepsOf(e.a.run,e.a.tag);w(this.stepSelect,...r.map(s=>l("option",{attrs:{value:s}},String(s)))),this.stepSelect.value=String(e.a.step),this.bLabel.textContent=`${e.b.run} · step ${e.b.step}`,this.bLabel.title="B is the run and step chosen in the toolbar"}stepsOf(e,t){let r=this.context?.runs.find(s=>s.run===e);return(r?.tags.find(s=>s.tag===t)??r?.tags[0])?.steps??[]}pickRun(){let e=this.context;if(!e)return;let t=this.stepsOf(this.runSelect.value,e.b.tag);if(t.length===0)return;let r=e.b.step,s=t.reduce((n,o)=>Math.abs(o-r)<Math.abs(n-r)?o:n,t[0]);this.handlers.onReference(this.runSelect.value,s)}async load(e,t){let{a:r,b:s}=e;this.diff=null,w(this.tableSlot,l("p",{class:"mv-muted"},"Loading…")),w(this.detail),w(this.inputsSlot);let n=r.run!==s.run||r.tag!==s.tag;try{let[o,a]=await Promise.all([this.store.stepDiff(r,s),n?this.store.architectureDiff(r,s):Promise.resolve(null)]);if(t!==this.diffFor)return;this.diff=o;let d=o.structures[0]!==o.structures[1],p=a??(d?await this.store.architectureDiff(r,s):null);if(t!==this.diffFor)return;w(this.inputsSlot,o.same_inputs===!1?Bs():null),w(this.archSlot,p?Fs(p,r,s):null),this.ensureGraph(),this.graph.setStructure(e.structure).catch(()=>{}),this.renderDiff()}catch(o){if(t!==this.diffFor||xe(o))return;w(this.archSlot),w(this.tableSlot,l("p",{class:"mv-error-text",testid:"compare-error"},o.message))}}ensureGraph(){this.graph||(this.graph=Tt(this.graphHost,{workerUrl:new URL("./static/layout_worker.js",document.baseURI).href,onSelect:e=>{e&&this.handlers.onSelect(e)},onOpenActivations:e=>this.handlers.onSelect(e)}),this.graph.setDark(this.dark))}renderDiff(){let e=this.diff;if(!e)return;let t=this.statistic,r=e.layers.filter(n=>n.a[t]!==null||n.b[t]!==null),s=_r(r.map(n=>n.relative[t]));this.renderTable(r,t,s),this.colourGraph(r,t,s),this.renderDetail()}renderTable(e,t,r){let s=X(t);if(e.length===0){w(this.tableSlot,l("p",{class:"mv-muted",testid:"compare-empty"},`Neither step has a value of “${s.label}” for any layer.`));return}let n=new Map(e.map((h,m)=>[h.key,m])),o=h=>{switch(this.sort.key){case"a":return h.a[t];case"b":return h.b[t];case"delta":return Mt(h.delta[t]);case"relative":return Mt(h.relative[t]);default:return n.get(h.key)}},a=[...e].sort((h,m)=>{let f=o(h),g=o(m);return f===null||g===null?f===g?n.get(h.key)-n.get(m.key):f===null?1:-1:this.sort.descending?g-f:f-g}),d=(h,m,f)=>l("th",{class:(h==="order"?"":"is-numeric")+(this.sort.key===h?" is-sorted":""),title:f,dataset:{sort:h},on:{click:()=>{this.sort={key:h,descending:this.sort.key===h?!this.sort.descending:h!=="order"},this.renderTable(e,t,r)}}},m,this.sort.key===h?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null),p=h=>se(t,h),u=l("tbody",{},...a.map(h=>{let m=h.relative[t];return l("tr",{testid:"compare-row",dataset:{key:h.key},class:h.key===this.context?.layer?"is-selected":"",on:{click:()=>this.handlers.onSelect(h.key)}},l("td",{class:"mv-compare-name"},Br(K(h),`${K(h)} (${h.type??"?"})`)),l("td",{class:"is-numeric",title:p(h.a[t])},p(h.a[t])),l("td",{class:"is-numeric",title:p(h.b[t])},p(h.b[t])),l("td",{class:"is-numeric",title:ar(h.delta[t],p)},ar(h.delta[t],p)),l("td",{class:"is-numeric mv-compare-change"},m===null?"–":l("span",{class:"mv-change-swatch",style:{background:Ae("diverging",r.position(m))}}),m===null?null:Lt(m)))}));w(this.tableSlot,l("div",{class:"mv-table-scroll mv-scroll-visible",testid:"compare-table-scroll"},l("table",{class:"mv-table mv-compact mv-sortable mv-compare-grid",testid:"compare-table"},l("colgroup",{},l("col",{}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-delta"}),l("col",{class:"mv-col-change"})),l("thead",{},l("tr",{},d("order","layer","Model order"),d("a","A",`${s.label} at A`),d("b","B",`${s.label} at B`),d("delta","B − A","Difference (sorted by size)"),d("relative","change","(B − A) / |A| (sorted by size)"))),u)))}highlightRow(){for(let e of this.tableSlot.querySelectorAll("tr[data-key]"))e.classList.toggle("is-selected",e.dataset.key===this.context?.layer)}colourGraph(e,t,r){if(!this.graph)return;let s=new Map;for(let o of e){let a=o.relative[t];a!==null&&Number.isFinite(a)&&s.set(o.key,a)}let n=`Change of ${X(t).label}`;this.graph.setOverlay({label:n,values:s,color:o=>Ae("diverging",r.position(o)),format:Lt,combine:"maxAbs",legend:ne(r,{title:`${n}, (B − A) / |A|`,format:Lt,missing:"no value at A or B",testid:"compare-legend"})}),this.graphLegend.textContent=s.size===0?"No layer has this statistic at both A and B.":"Blue: lower at B; red: higher at B."}renderDetail(){let e=this.context,t=this.diff;if(!e||!t)return;let r=t.layers.find(a=>a.key===e.layer)??this.mostChanged(t),s=[this.diffFor,r?.key].join("\0");if(s===this.detailFor)return;if(this.detailFor=s,!r){w(this.detail,l("p",{class:"mv-muted"},"Pick a layer in the table or the graph."));return}let n=de().filter(a=>r.a[a.name]!==null||r.b[a.name]!==null),o=l("div",{class:"mv-muted mv-chart-placeholder"},"Loading activation samples…");w(this.detail,l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"compare-layer-name"},K(r)),l("span",{class:"mv-type-chip"},r.type??"?"),t.only_in_a.includes(r.key)?l("span",{class:"mv-badge"},"only in A"):null,t.only_in_b.includes(r.key)?l("span",{class:"mv-badge"},"only in B"):null,l("span",{class:"mv-spacer"}),Y(r.key,"compare")),l("div",{class:"mv-compare-detail-row"},l("table",{class:"mv-table mv-compact",testid:"compare-layer-stats"},l("thead",{},l("tr",{},l("th",{},"statistic"),l("th",{class:"is-numeric"},"A"),l("th",{class:"is-numeric"},"B"),l("th",{class:"is-numeric"},"B − A"),l("th",{class:"is-numeric"},"change"))),l("tbody",{},...n.map(a=>{let d=u=>se(a.name,u),p=r.relative[a.name];return l("tr",{class:a.name===this.statistic?"is-selected":""},l("td",{},a.label),l("td",{class:"is-numeric"},d(r.a[a.name])),l("td",{class:"is-numeric"},d(r.b[a.name])),l("td",{class:"is-numeric"},ar(r.delta[a.name],d)),l("td",{class:"is-numeric"},p===null?"–":Lt(p)))}))),l("div",{class:"mv-compare-sample-slot"},o))),this.loadSamples(e,r.key,o,s)}mostChanged(e){let t;for(let r of e.layers){if(r.depth===0)continue;let s=Mt(r.relative[this.statistic]);s!==null&&(t===void 0||s>Mt(t.relative[this.statistic]))&&(t=r)}return t??e.layers.find(r=>r.depth!==0)}async loadSamples(e,t,r,s){let{a:n,b:o}=e,a=f=>n.run===o.run?`step ${f.step}`:`${f.run} · step ${f.step}`,d=async f=>{let g=await this.store.step(f);if(!(t in g.samples))throw new Error(`no activation sample of this layer was stored at ${a(f)}`);return this.store.sample(f,t)},p=await Promise.allSettled([d(n),d(o)]);if(s!==this.detailFor)return;let[u,h]=p;if(u.status==="fulfilled"&&h.status==="fulfilled"){r.replaceChildren(Ti(u.value,h.value,[a(n),a(o)]));return}let m=(f,g)=>f.status==="rejected"?`${g}: ${f.reason.message}`:null;r.replaceChildren(l("p",{class:"mv-muted",testid:"compare-no-sample"},"No activation maps to compare.",...[m(u,"A"),m(h,"B")].filter(Boolean).map(f=>l("span",{class:"mv-block"},f))))}};function Bs(){return l("div",{class:"mv-card mv-inputs-note",testid:"compare-different-inputs"},l("h3",{},"A and B ran on different inputs"),l("p",{},"The changes below mix how the model changed with how its inputs differ, and the maps B − A subtract the activations of different inputs. To compare the model alone, log the same inputs at every step (a fixed probe batch)."))}function Mt(i){return i==null||!Number.isFinite(i)?null:Math.abs(i)}function ar(i,e){return i==null?"–":(i>0?"+":"")+e(i)}function Lt(i){let e=i*100,t=Math.abs(e),r=i>0?"+":i<0?"-":"";if(t>=1e6)return r+A(t)+" %";let s=t>=10?Math.round(t).toLocaleString("en-US"):t.toFixed(1);return r+s+" %"}function Fs(i,e,t){let r=a=>`${a.run} · step ${a.step}`,s=(a,d,p)=>l("div",{class:"mv-arch-side"},l("span",{class:"mv-compare-side"},a),l("span",{class:"mv-mono"},r(d)),l("span",{class:"mv-mono"},p.model_type??"?"),l("span",{class:"mv-muted"},`${A(p.params)} parameters, ${A(p.frozen)} frozen`));if(i.identical)return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture"),l("p",{testid:"arch-identical"},`Same architecture in both: ${i.b.model_type??"model"}, ${A(i.b.params)} parameters.`));let n=(a,d,p,u)=>l("li",{class:"mv-arch-item",testid:"arch-diff-item",dataset:{change:a}},l("span",{class:"mv-arch-sign"},d),l("span",{class:"mv-mono"},K(p)),l("span",{class:"mv-muted"},p.type??""),l("span",{},u)),o=[...i.added.map(a=>n("added","+",a,`added, ${A(a.params_total)} parameters`)),...i.removed.map(a=>n("removed","−",a,`removed, ${A(a.params_total)} parameters`)),...i.changed.map(a=>n("changed","~",a,Object.entries(a.changes).map(([d,[p,u]])=>`${d.replace(/_/g," ")}: ${Ct(p)} → ${Ct(u)}`).join("; "))),...i.frozen.map(a=>n("frozen","❄",a,`frozen (${A(a.params)} parameters no longer trainable)`)),...i.unfrozen.map(a=>n("unfrozen","✎",a,`unfrozen (${A(a.params)} parameters trainable again)`))];return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture",l("span",{class:"mv-card-note"},`${o.length} difference${o.length===1?"":"s"}`)),l("div",{class:"mv-arch-sides"},s("A",e,i.a),s("B",t,i.b)),o.length?l("ul",{class:"mv-arch-list"},...o):l("p",{class:"mv-muted"},"Same modules; the graphs differ in how they are called."))}function Ct(i){return i==null?"–":typeof i=="number"?i.toLocaleString("en-US"):typeof i=="string"?i:Array.isArray(i)?i.length===0?"none":i.some(e=>typeof e=="number")&&i.every(e=>typeof e=="number"||e===null)?i.map(e=>e??"?").join("×"):i.map(Ct).join(", "):typeof i=="object"?Object.entries(i).map(([e,t])=>`${e} ${Ct(t)}`).join(", "):String(i)}function js(i,e,t,r){let s=new Map(Object.entries(t?.values[i.name]??{})),n=new Map(r?Object.entries(t?.ops[i.name]??{}).map(([h,m])=>[Number(h),m]):[]),o=e.layers.find(h=>h.parent===null)?.key,a=[...s].filter(([h])=>h!==o).map(([,h])=>h),d=ke(i.kind,[...a,...n.values()],i.preferLog),p=h=>se(i.name,h),u=ne(d,{title:i.label,format:p,missing:s.size>0?"uncoloured: no value":"not recorded at this step",missingColor:"transparent",testid:"graph-overlay-legend"});return{label:i.label,values:s,ops:n,color:h=>Ir(d,h),format:p,combine:i.combine,legend:u}}function Us(i,e){if(e==="forward")return i;let t=i.backward;if(!t)return"No backward graph in this log: it is recorded by add_model_viz with each new structure (backward_graph=True, the default, since issue 24).";if(t.error)return`No backward graph: ${t.error}`;let r=t.nodes.map(s=>s.kind==="input"&&s.reachable===!1?{...s,label:`${s.label} ⊘ no gradient`,name:`${s.name} ⊘ no gradient`}:s);return{...i,hash:`${i.hash}:backward`,nodes:r,edges:t.edges}}function Ws(i){let e=new Map;for(let t of i){let r=`${Me(t.kind)} from step ${t.step}: ${t.message}`,s=e.get(t.layer);e.set(t.layer,{text:s?s.text+`
`+r:r})}return e}var Nt=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"view");c(this,"container");c(this,"message");c(this,"searchInput");c(this,"overlaySelect");c(this,"directionSelect");c(this,"direction","forward");c(this,"structureHash",null);c(this,"modelName","model");c(this,"layoutGeneration",0);c(this,"structure",null);c(this,"recorded",null);c(this,"at",null);c(this,"metric",null);c(this,"values",null);c(this,"valuesAt",null);c(this,"overlayGeneration",0);this.overlaySelect=l("select",{testid:"graph-overlay",attrs:{"aria-label":"Colour the graph by"},on:{change:()=>e.onOverlay(this.overlaySelect.value||null)}},l("option",{attrs:{value:""}},"nothing"),...Kt().map(s=>l("option",{attrs:{value:s.name}},s.label))),this.directionSelect=l("select",{testid:"graph-direction",attrs:{"aria-label":"Graph direction"},on:{change:()=>{let s=this.directionSelect.value==="backward"?"backward":"forward";this.setDirection(s),e.onDirection(s)}}},l("option",{attrs:{value:"forward"}},"forward"),l("option",{attrs:{value:"backward"}},"backward (autograd)")),this.searchInput=l("input",{class:"mv-search",testid:"graph-search",attrs:{type:"search",placeholder:"Search modules, ops ( / )","aria-label":"Search the graph","aria-keyshortcuts":"/"},on:{input:()=>this.view.search(this.searchInput.value),keydown:s=>{let n=s.key;n==="Enter"?(s.preventDefault(),this.view.showNextMatch()):n==="Escape"&&(s.preventDefault(),this.searchInput.value="",this.view.search(""),this.searchInput.blur())}}}),document.addEventListener("keydown",s=>this.onPageKey(s));let t=(s,n,o,a)=>l("button",{class:"mv-button",testid:n,title:o,attrs:{type:"button"},on:{click:a}},F("download",14),s);this.container=l("div",{class:"mv-graph-host",testid:"graph-host"}),this.message=l("div",{class:"mv-graph-message",attrs:{role:"status"}}),this.message.hidden=!0,this.element=l("section",{class:"mv-view mv-graph"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},F("search",14),this.searchInput),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Graph"),this.directionSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Colour by"),this.overlaySelect),l("span",{class:"mv-muted mv-hint"},"Click a module to select it, double-click to open it; arrows and Enter on the drawing"),l("span",{class:"mv-spacer"}),t("SVG","export-svg","Download the graph as it is shown, as SVG",()=>this.exportSvg()),t("PNG","export-png","Download the graph as it is shown, as PNG",()=>{this.exportPng()})),l("div",{class:"mv-graph-stage"},this.container,this.message));let r=new URL("./static/layout_worker.js",document.baseURI).href;this.view=Tt(this.container,{workerUrl:r,onSelect:s=>e.onSelect(s),onOpenActivations:s=>e.onOpenActivations(s),renderThumbnail:(s,n)=>this.at?e.renderThumbnail(this.at,s,n):Promise.reject(new Error("no step is shown"))})}async setStructure(e){this.recorded=e;let t=Us(e,this.direction);if(this.structure=typeof t=="string"?e:t,this.applyOverlay(),typeof t=="string"){this.structureHash=null,this.showMessage(t,!1);return}if(t.hash===this.structureHash)return;this.structureHash=t.hash,this.modelName=e.model_type||"model";let r=++this.layoutGeneration;this.showMessage(null,!1);try{await this.view.setStructure(t)}catch{r===this.layoutGeneration&&(this.structureHash=null)}}setDirection(e){e!==this.direction&&(this.direction=e,this.directionSelect.value=e,this.element.dataset.direction=e,this.recorded&&this.setStructure(this.recorded))}setStep(e,t){this.at=t,this.view.setStep(e),this.applyOverlay()}setOverlay(e){this.metric=e&&Kt().some(t=>t.name===e)?X(e):null,this.overlaySelect.value=this.metric?.name??"",this.applyOverlay()}setAlerts(e){this.view.setBadges(Ws(e))}applyOverlay(){let{metric:e,structure:t,at:r}=this,s=++this.overlayGeneration;if(!e||!t||!r){this.view.setOverlay(null);return}let n=JSON.stringify([r.run,r.tag,r.step]),o=()=>this.view.setOverlay(js(e,t,this.valuesAt===n?this.values:null,this.direction==="forward"));if(this.valuesAt===n){o();return}this.handlers.layerValues(r).then(a=>{s===this.overlayGeneration&&(this.values=a,this.valuesAt=n,o())},()=>{s===this.overlayGeneration&&o()})}select(e){this.view.select(e)}setDark(e){this.view.setDark(e)}onPageKey(e){if(e.key!=="/"||e.ctrlKey||e.metaKey||e.altKey)return;let t=e.target;t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))||!this.element.isConnected||this.element.offsetParent===null||(e.preventDefault(),this.searchInput.focus(),this.searchInput.select())}showMessage(e,t){this.message.hidden=e===null,this.message.classList.toggle("is-error",t),w(this.message,e??"")}exportSvg(){let e=this.view.exportSVG();Ne(new Blob([e],{type:"image/svg+xml"}),`${this.modelName}${this.direction==="backward"?"-backward":""}-graph.svg`)}async exportPng(){try{Ne(await this.view.exportPNG(),`${this.modelName}${this.direction==="backward"?"-backward":""}-graph.png`)}catch(e){this.showMessage(`PNG export failed: ${e.message}`,!0)}}};function Li(i){let e=i==null?"":typeof i=="string"?i:JSON.stringify(i);return/^[=+\-@\t\r]/.test(e)&&typeof i=="string"&&(e="'"+e),/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}var Ks=["key","name","type","depth","parent","call","calls","input_shapes","output_shapes","params","params_total","trainable","frozen","flops","output_bytes","kernel_size","stride","groups","out_mean","out_std","out_zeros"];function Ei(i,e,t){let r=[Ks.join(",")];for(let s of i){let n=t?.activations[s.key];r.push([s.key,s.name,s.type,s.depth,s.parent,s.call,s.calls,s.input_shapes,s.output_shapes,s.params,s.params_total,s.trainable,s.frozen,s.flops,s.output_bytes,s.kernel_size,s.stride,s.groups,n?.mean,n?.std,n?.zeros].map(Li).join(","))}return r.push(["total","","","","","",e.module_calls,"","",e.params,e.params,e.trainable,e.frozen,e.flops,e.output_bytes].map(Li).join(",")),r.join(`\r
`)+`\r
`}function Ci(i){let e=new Map,t=new Map;for(let a of i){let d={row:a,parent:null,children:[],depth:0};e.set(a.key,d),t.has(a.name)||t.set(a.name,d)}let r=[];for(let a of e.values()){let d=a.row.parent!==null?e.get(a.row.parent)??null:null;!d&&a.row.parent!==null&&(d=qs(a.row.name,t)),d===a&&(d=null),a.parent=d,(d?d.children:r).push(a)}let s=[],n=new Set,o=(a,d)=>{if(!n.has(a)){n.add(a),a.depth=d,s.push(a);for(let p of a.children)o(p,d+1)}};for(let a of r)o(a,0);for(let a of e.values())n.has(a)||(a.parent?.children.splice(a.parent.children.indexOf(a),1),a.parent=null,r.push(a),o(a,0));return{roots:r,byKey:e,ordered:s}}function qs(i,e){let t=i;for(;t!=="";){let r=t.lastIndexOf(".");t=r<0?"":t.slice(0,r);let s=e.get(t);if(s&&s.row.name!==i)return s}return null}var Fe=[{id:"type",label:"Type",title:"Module class",numeric:!1,sortValue:i=>i.row.type,cell:i=>({text:i.row.type,title:i.row.extra?`${i.row.type}(${i.row.extra})`:i.row.type})},{id:"output",label:"Output shape",title:"Shapes of the tensors this call returned",numeric:!1,sortValue:i=>(i.row.output_shapes?.[0]??[]).reduce((e,t)=>e*t,1),cell:i=>({text:$e(i.row.output_shapes),muted:i.row.calls===0})},{id:"params",label:"Params",title:"Parameters in this module's subtree (shared parameters counted once)",numeric:!0,sortValue:i=>i.row.params_total,cell:i=>i.row.params_total?{text:A(i.row.params_total),title:`${D(i.row.params_total)} parameters (${D(i.row.params)} registered directly)`}:{text:"–",muted:!0},total:i=>({text:A(i.params),title:`${D(i.params)} parameters`,exact:i.params})},{id:"trainable",label:"Trainable",title:"Parameters with requires_grad in this module's subtree",numeric:!0,sortValue:i=>i.row.trainable,cell:i=>{if(!i.row.params_total)return{text:"–",muted:!0};let e=`${D(i.row.trainable)} trainable, ${D(i.row.frozen)} frozen`;return i.row.trainable===0?{text:"frozen",title:e,muted:!0}:{text:A(i.row.trainable)+(i.row.frozen?" *":""),title:e}},total:i=>({text:A(i.trainable),title:`${D(i.trainable)} trainable, ${D(i.frozen)} frozen`,exact:i.trainable})},{id:"flops",label:"FLOPs",title:"Floating-point operations of this call, children included",numeric:!0,sortValue:i=>i.row.flops,cell:i=>i.row.flops?{text:U(i.row.flops),title:`${D(i.row.flops)} FLOPs`}:{text:"–",muted:!0},total:i=>({text:U(i.flops),title:`${D(i.flops)} FLOPs in one forward pass`,exact:i.flops})},{id:"output_bytes",label:"Output size",title:"Bytes of the tensors this call returned",numeric:!0,sortValue:i=>i.row.output_bytes,cell:i=>i.row.output_bytes?{text:W(i.row.output_bytes),title:`${D(i.row.output_bytes)} bytes`}:{text:"–",muted:!0},total:i=>({text:W(i.output_bytes),title:`${D(i.output_bytes)} bytes returned by leaf calls`,exact:i.output_bytes})},{id:"kernel",label:"Kernel",title:"Kernel size, stride (/s) and groups (g)",numeric:!1,sortValue:i=>Bt(i.row.kernel_size,i.row.stride,i.row.groups),cell:i=>({text:Bt(i.row.kernel_size,i.row.stride,i.row.groups)})},{id:"std",label:"Out std",title:"Standard deviation of this call's output at the selected step",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.std??null,cell:(i,e)=>{let t=e?.activations[i.row.key];if(!t)return{text:"–",muted:!0};let r=t.nan+t.inf;return{text:r?`${r} non-finite`:L(t.std),title:`mean ${L(t.mean)}, std ${L(t.std)}, min ${L(t.min)}, max ${L(t.max)}`,warn:r>0}}},{id:"zeros",label:"Zeros",title:"Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.zeros??null,cell:(i,e)=>{let t=e?.activations[i.row.key]?.zeros;return t==null?{text:"–",muted:!0}:{text:re(t),warn:st("activation_zeros","warning",t)}}}],At=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"structure",null);c(this,"step",null);c(this,"tree",null);c(this,"expanded",new Set);c(this,"selected",null);c(this,"sort",null);c(this,"flat",!1);c(this,"filterText","");c(this,"filterInput");c(this,"modeButton");c(this,"countLabel");c(this,"head");c(this,"body");c(this,"foot");c(this,"scroller");this.filterInput=l("input",{class:"mv-search",testid:"layer-filter",attrs:{type:"search",placeholder:"Filter by name or type","aria-label":"Filter layers"},on:{input:()=>{this.filterText=this.filterInput.value.trim().toLowerCase(),this.renderBody()}}}),this.modeButton=l("button",{class:"mv-button",testid:"layers-flat-toggle",attrs:{type:"button","aria-pressed":"false"},title:"Show only leaf modules in one list (sorting then ranks all of them)",on:{click:()=>{this.flat=!this.flat,this.modeButton.setAttribute("aria-pressed",String(this.flat)),this.modeButton.classList.toggle("is-active",this.flat),this.renderBody()}}},"Leaves only"),this.countLabel=l("span",{class:"mv-muted mv-count"});let t=(r,s,n,o)=>l("button",{class:"mv-button",title:s,testid:o,attrs:{type:"button"},on:{click:n}},r);this.head=l("thead"),this.body=l("tbody"),this.foot=l("tfoot"),this.scroller=l("div",{class:"mv-table-scroll"},l("table",{class:"mv-table",testid:"layer-table"},this.head,this.body,this.foot)),this.element=l("section",{class:"mv-view mv-layers"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},F("search",14),this.filterInput),t("Expand all","Expand every module",()=>this.expandAll(!0)),t("Collapse","Show only the top-level modules",()=>this.expandAll(!1)),this.modeButton,this.countLabel,l("span",{class:"mv-spacer"}),l("button",{class:"mv-button",testid:"download-csv",title:"Download the layer table with exact numbers",attrs:{type:"button"},on:{click:()=>this.downloadCsv()}},F("download",14),"CSV")),this.scroller),this.renderHead()}setStructure(e){if(this.structure?.hash===e.hash&&this.structure===e)return;let t=this.structure===null;if(this.structure=e,this.tree=Ci(e.layers),t||this.expanded.size===0)for(let r of this.tree.ordered)r.depth<2&&r.children.length&&this.expanded.add(r.row.key);this.renderBody(),this.renderFoot()}setStep(e){this.step=e,this.tree&&this.renderBody()}select(e){this.selected=e;let t=e?this.tree?.byKey.get(e):void 0,r=!1;for(let s=t?.parent;s;s=s.parent)this.expanded.has(s.row.key)||(this.expanded.add(s.row.key),r=!0);r&&this.renderBody();for(let s of this.body.querySelectorAll("tr[data-key]")){let n=s.dataset.key===e;s.classList.toggle("is-selected",n),n&&this.element.isConnected&&this.element.offsetParent&&s.scrollIntoView({block:"nearest"})}}expandAll(e){if(this.tree){this.expanded.clear();for(let t of this.tree.ordered)t.children.length&&(e||t.depth===0)&&this.expanded.add(t.row.key);this.renderBody()}}renderHead(){let e=(t,r,s,n)=>{let o=this.sort?.column===t;return l("th",{class:(n?"is-numeric ":"")+(o?"is-sorted":""),title:`${s}. Click to sort.`,attrs:{scope:"col","aria-sort":o?this.sort.descending?"descending":"ascending":"none"},on:{click:()=>this.toggleSort(t,n)}},r,o?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null)};w(this.head,l("tr",{},e("name","Layer","Qualified module name",!1),...Fe.map(t=>e(t.id,t.label,t.title,t.numeric))))}toggleSort(e,t){this.sort?.column!==e?this.sort={column:e,descending:t}:this.sort.descending===t?this.sort={column:e,descending:!t}:this.sort=null,this.renderHead(),this.renderBody()}compare(){let e=this.sort;if(!e)return null;let t=Fe.find(n=>n.id===e.column),r=n=>t?t.sortValue(n,this.step):n.row.name,s=e.descending?-1:1;return(n,o)=>{let a=r(n),d=r(o);return a==null?d==null?0:1:d==null?-1:typeof a=="number"&&typeof d=="number"?s*(a-d):s*String(a).localeCompare(String(d),void 0,{numeric:!0})}}matches(e){if(!this.filterText)return!0;let t=e.row;return t.name.toLowerCase().includes(this.filterText)||t.type.toLowerCase().includes(this.filterText)}visibleRows(){let e=this.tree;if(!e)return[];let t=this.compare();if(this.flat){let a=e.ordered.filter(d=>d.children.length===0&&this.matches(d));return t&&a.sort(t),a.map(d=>({node:d,matched:!0}))}let r=this.filterText!=="",s=new Set;if(r){for(let a of e.ordered)if(this.matches(a))for(let d=a;d&&!s.has(d);d=d.parent)s.add(d)}let n=[],o=a=>{let d=t?[...a].sort(t):a;for(let p of d)r&&!s.has(p)||(n.push({node:p,matched:this.matches(p)}),p.children.length&&(r||this.expanded.has(p.row.key))&&o(p.children))};return o(e.roots),n}renderBody(){let e=this.visibleRows(),t=document.createDocumentFragment();for(let{node:s,matched:n}of e)t.appendChild(this.renderRow(s,n));e.length===0&&this.tree&&t.appendChild(l("tr",{},l("td",{class:"mv-table-empty",attrs:{colspan:Fe.length+1}},this.filterText?"No layer matches the filter.":"This model has no layers."))),w(this.body),this.body.appendChild(t);let r=this.tree?.ordered.length??0;this.countLabel.textContent=this.filterText||this.flat?`${e.length} of ${r} rows`:`${r} rows`}renderRow(e,t){let r=e.row,s=e.children.length>0,n=this.expanded.has(r.key)||this.filterText!==""&&!this.flat,o=s&&!this.flat?l("button",{class:"mv-tree-toggle"+(n?" is-open":""),testid:"layer-toggle",attrs:{type:"button","aria-label":n?"Collapse":"Expand","aria-expanded":String(n)},on:{click:h=>{h.stopPropagation(),this.expanded.has(r.key)?this.expanded.delete(r.key):this.expanded.add(r.key),this.renderBody()}}},F("chevron",14)):l("span",{class:"mv-tree-spacer"}),a=r.name===""&&r.parent===null,d=a?this.structure?.model_type??"model":this.flat?r.name:Ze(r.name,e.parent?.row.name),p=l("td",{class:"mv-name-cell",title:a?"The whole model":r.name},l("div",{class:"mv-name",style:{paddingLeft:`${this.flat?0:e.depth*16}px`}},o,l("span",{class:"mv-name-text"+(a?" is-root":"")},d),r.calls>1?l("span",{class:"mv-badge",title:`This module runs ${r.calls} times per forward pass`},`call ${r.call+1}/${r.calls}`):null,r.calls===0?l("span",{class:"mv-badge is-muted",title:"Registered but never called in the recorded forward pass"},"not run"):null,r.node!==null?l("button",{class:"mv-row-action",testid:"open-activations",title:"Show this layer's activations",attrs:{type:"button","aria-label":"Show activations"},on:{click:h=>{h.stopPropagation(),this.handlers.onOpenActivations(r.key)}}},F("activations",13)):null,r.node!==null?Y(r.key,void 0,!0):null)),u=Fe.map(h=>{let m=h.cell(e,this.step);return l("td",{class:(h.numeric?"is-numeric":"")+(m.muted?" is-muted":"")+(m.warn?" is-warn":""),title:m.title},m.text)});return l("tr",{testid:"layer-row",class:(r.key===this.selected?"is-selected":"")+(t?"":" is-context")+(r.calls===0?" is-not-run":""),dataset:{key:r.key,depth:String(e.depth)},on:{click:()=>this.handlers.onSelect(r.key),dblclick:()=>{r.node!==null&&this.handlers.onOpenActivations(r.key)}}},p,...u)}renderFoot(){let e=this.structure;if(!e)return;let t=e.totals,r=Fe.map(n=>{if(n.id==="type")return l("td",{class:"is-muted"},`${D(t.module_calls)} module calls`);if(!n.total)return l("td");let o=n.total(t);return l("td",{class:"is-numeric",title:o.title,dataset:{total:n.id,exact:String(o.exact)}},o.text)}),s=Object.entries(t.param_bytes??{}).map(([n,o])=>`${W(o)} ${n}`).join(", ");w(this.foot,l("tr",{testid:"totals-row"},l("td",{title:s?`Parameter memory: ${s}; buffers ${W(t.buffer_bytes)}`:void 0},"Total"),...r))}downloadCsv(){if(!this.structure||!this.tree)return;let e=Ei(this.tree.ordered.map(t=>t.row),this.structure.totals,this.step);Ne(new Blob([e],{type:"text/csv;charset=utf-8"}),`${this.structure.model_type||"model"}-layers.csv`)}};var $=26,Xs=12,or=3,lr=26,Ht=14,Ni='11px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',Ys='10.5px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',$t=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"stage");c(this,"view");c(this,"spacer");c(this,"cells",null);c(this,"rowHeightChoice",Ht);c(this,"painting",!1);c(this,"base");c(this,"marks");c(this,"tooltip");c(this,"data",null);c(this,"geometry",null);c(this,"selectedLayer",null);c(this,"currentStep",null);c(this,"hover",null);c(this,"resizeObserver");c(this,"lastSize","");this.base=l("canvas",{class:"mv-matrix-canvas"}),this.marks=l("canvas",{class:"mv-matrix-canvas mv-matrix-marks",testid:"heatmap-canvas",on:{mousemove:t=>this.onMove(t),mouseleave:()=>this.setHover(null),click:t=>this.onClick(t)}}),this.tooltip=l("div",{class:"mv-matrix-tooltip",testid:"heatmap-readout",attrs:{role:"status"}}),this.tooltip.hidden=!0,this.view=l("div",{class:"mv-matrix-view"},this.base,this.marks),this.spacer=l("div",{class:"mv-matrix-spacer"}),this.stage=l("div",{class:"mv-matrix-stage"},this.view,this.spacer,this.tooltip),this.element=l("div",{class:"mv-matrix mv-scroll-visible",testid:"heatmap",on:{scroll:()=>this.schedulePaint()}},this.stage),this.resizeObserver=new ResizeObserver(()=>{`${this.element.clientWidth}x${this.element.clientHeight}`!==this.lastSize&&this.data&&this.draw()}),this.resizeObserver.observe(this.element)}setData(e){this.data=e,this.cells=null,this.hover=null,this.tooltip.hidden=!0,this.draw()}setRowHeight(e){this.rowHeightChoice=e==="fit"?"fit":Math.max(or,Math.min(lr,e)),this.draw()}rowHeight(){return this.geometry?.rowHeight??(this.rowHeightChoice==="fit"?or:this.rowHeightChoice)}reveal(e){let t=this.geometry,r=this.data?.layers.findIndex(o=>o.key===e)??-1;if(!t||r<0)return;let s=r*t.rowHeight,n=this.element.clientHeight-t.top;(s<this.element.scrollTop||s+t.rowHeight>this.element.scrollTop+n)&&(this.element.scrollTop=Math.max(0,s-n/2))}setSelection(e,t){this.selectedLayer=e,this.currentStep=t,this.drawMarks()}redraw(){this.draw()}draw(){let e=this.data,t=this.element.clientWidth,r=this.element.clientHeight;if(this.lastSize=`${t}x${r}`,!e||t<=0||r<=0||e.layers.length===0||e.steps.length===0){this.geometry=null,this.spacer.style.height="0px",Rt(this.base,0,0),Rt(this.marks,0,0);return}let s=e.layers.length,n=e.steps.length,o=Math.max(or,Math.min(lr,(r-$-4)/s)),a=this.rowHeightChoice==="fit"?o:Math.max(this.rowHeightChoice,Math.min(o,lr)),d=Math.ceil($+s*a+4),p=Math.min(d,r),u=Math.min(280,Math.max(120,Math.round(t*.28))),h=Math.max(1,(t-u-Xs)/n);this.geometry={left:u,top:$,colWidth:h,rowHeight:a,rows:s,cols:n,width:t,height:p,contentHeight:d},this.view.style.height=`${p}px`,this.spacer.style.height=`${d-p}px`,this.element.classList.toggle("is-scrolling",d>r),this.cells||(this.cells=Zs(e)),this.paint()}schedulePaint(){this.painting||(this.painting=!0,requestAnimationFrame(()=>{this.painting=!1,this.paint()}))}paint(){let e=performance.now(),t=this.data,r=this.geometry;if(!t||!r)return;let{left:s,colWidth:n,rowHeight:o,rows:a,cols:d,width:p,height:u}=r,h=this.offset(),m=Rt(this.base,p,u);if(!m)return;let f=Ri(this.element);m.clearRect(0,0,p,u);let g=Math.max(0,Math.floor(h/o)),v=Math.min(a,Math.ceil((h+u-$)/o));m.save(),m.beginPath(),m.rect(0,$,p,u-$),m.clip();let x=$-h;if(this.cells&&v>g&&(m.fillStyle=f.empty,m.fillRect(s,x+g*o,n*d,(v-g)*o),m.imageSmoothingEnabled=!1,m.drawImage(this.cells,0,g,d,v-g,s,x+g*o,n*d,(v-g)*o)),m.fillStyle=f.background,o>=8)for(let k=Math.max(g,1);k<v;k++)m.fillRect(s,x+k*o,n*d,1);if(n>=8)for(let k=1;k<d;k++)m.fillRect(s+k*n,$,1,Math.min(a*o-h,u-$));m.font=Ni,m.textBaseline="middle";let b=Math.max(1,Math.ceil(11/o));m.fillStyle=f.text;for(let k=g-g%b;k<v;k+=b){let C=t.layers[k],R=Math.min(C.depth??0,6)*8,G=Ai(m,dr(C),s-10-R);m.fillText(G,4+R,x+(k+.5)*o)}m.restore(),m.font=Ys,m.fillStyle=f.muted,m.textBaseline="alphabetic";let E=Math.max(1,Math.ceil(70/n));for(let k=0;k<d;k+=E){let C=s+(k+.5)*n;m.textAlign=k===0?"left":"center",m.fillText(String(t.steps[k]),k===0?s:C,$-9),m.fillRect(Math.round(C),$-5,1,4)}m.textAlign="left",this.element.dataset.renderMs=(performance.now()-e).toFixed(2),this.element.dataset.geometry=JSON.stringify({left:s,top:$,colWidth:n,rowHeight:o,rows:a,cols:d,offset:h}),this.drawMarks()}offset(){let e=this.geometry;return e?Math.max(0,Math.min(this.element.scrollTop,e.contentHeight-e.height)):0}drawMarks(){let e=this.geometry,t=this.data;if(!e||!t)return;let{left:r,colWidth:s,rowHeight:n,rows:o,cols:a,width:d,height:p}=e,u=Rt(this.marks,d,p);if(!u)return;let h=Ri(this.element);u.clearRect(0,0,d,p);let m=this.offset(),f=$-m,g=Math.min(o*n-m,p-$),v=this.currentStep===null?-1:t.steps.indexOf(this.currentStep);if(v>=0){let b=r+v*s;u.strokeStyle=h.accent,u.lineWidth=1.5,u.strokeRect(b+.5,$-.5,Math.max(s-1,1),g+1),u.fillStyle=h.accent,u.beginPath(),u.moveTo(b+s/2-5,$-8),u.lineTo(b+s/2+5,$-8),u.lineTo(b+s/2,$-2),u.fill()}let x=this.selectedLayer===null?-1:t.layers.findIndex(b=>b.key===this.selectedLayer);if(u.save(),u.beginPath(),u.rect(0,$-1,d,p-$+1),u.clip(),x>=0){let b=f+x*n;if(u.fillStyle=h.selectBand,u.fillRect(0,b,r-2,n),u.strokeStyle=h.accent,u.lineWidth=1.5,u.strokeRect(r-.5,b-.5,a*s+1,n+1),n<10){u.font=Ni,u.textBaseline="middle";let E=Ai(u,dr(t.layers[x]),r-10),k=u.measureText(E).width,C=Math.min(Math.max(b+n/2,$+7),$+g-7);u.fillStyle=h.background,u.fillRect(2,C-7,k+6,14),u.fillStyle=h.accent,u.fillText(E,5,C)}}this.hover&&(u.strokeStyle=h.text,u.lineWidth=1,u.strokeRect(r+this.hover.col*s+.5,f+this.hover.row*n+.5,Math.max(s-1,1),Math.max(n-1,1))),u.restore()}cellAt(e){let t=this.geometry;if(!t)return null;let r=this.marks.getBoundingClientRect(),s=e.clientX-r.left,n=e.clientY-r.top,o=Math.floor((s-t.left)/t.colWidth);if(n<t.top)return null;let a=Math.floor((n-t.top+this.offset())/t.rowHeight);if(s<t.left&&a>=0&&a<t.rows){let d=this.data&&this.currentStep!==null?this.data.steps.indexOf(this.currentStep):-1;return{row:a,col:d>=0?d:t.cols-1}}return o<0||o>=t.cols||a<0||a>=t.rows?null:{row:a,col:o}}onMove(e){this.setHover(this.cellAt(e),e)}setHover(e,t){let r=e&&this.hover&&e.row===this.hover.row&&e.col===this.hover.col;this.hover=e,r||this.drawMarks();let s=this.data;if(!e||!s||!t){this.tooltip.hidden=!0;return}let n=s.layers[e.row],o=s.values[e.row][e.col];this.tooltip.replaceChildren(l("div",{class:"mv-mono mv-matrix-tooltip-name"},dr(n)),l("div",{class:"mv-muted"},`${n.type??"?"} · step ${s.steps[e.col]}`),l("div",{class:"mv-matrix-tooltip-value"},o===null?"no value":s.format(o))),this.tooltip.hidden=!1;let a=this.stage.getBoundingClientRect(),d=t.clientX-a.left,p=t.clientY-a.top,u=d>a.width-220;this.tooltip.style.left=u?"":`${d+14}px`,this.tooltip.style.right=u?`${a.width-d+14}px`:"",this.tooltip.style.top=`${p+14}px`}onClick(e){let t=this.cellAt(e);!t||!this.data||this.handlers.onPick(this.data.layers[t.row].key,this.data.steps[t.col])}};function Zs(i){let e=i.layers.length,t=i.steps.length,r=document.createElement("canvas");r.width=t,r.height=e;let s=r.getContext("2d");if(!s)return r;let n=s.createImageData(t,e),o=n.data,a=oe(i.scale.colormap),d=[1,3,5].map(p=>parseInt(Pe.slice(p,p+2),16));for(let p=0;p<e;p++){let u=i.values[p];for(let h=0;h<t;h++){let m=u[h];if(m==null||!Number.isFinite(m))continue;let f=i.scale.position(m),g=(p*t+h)*4;if(Number.isNaN(f))[o[g],o[g+1],o[g+2]]=d;else{let v=Math.round(f*255)*3;o[g]=a[v],o[g+1]=a[v+1],o[g+2]=a[v+2]}o[g+3]=255}}return s.putImageData(n,0,0),r}function dr(i){return K(i)}function Rt(i,e,t){let r=window.devicePixelRatio||1;i.width=Math.max(1,Math.round(e*r)),i.height=Math.max(1,Math.round(t*r)),i.style.width=`${e}px`,i.style.height=`${t}px`;let s=i.getContext("2d");return s?.setTransform(r,0,0,r,0,0),s}function Ai(i,e,t){if(i.measureText(e).width<=t)return e;let r=0,s=e.length;for(;r<s;){let n=Math.ceil((r+s)/2);i.measureText("…"+e.slice(e.length-n)).width<=t?r=n:s=n-1}return"…"+e.slice(e.length-r)}function Ri(i){let e=getComputedStyle(i),t=(r,s)=>e.getPropertyValue(r).trim()||s;return{background:t("--mv-bg","#ffffff"),empty:t("--mv-panel-2","#eef0f3"),text:t("--mv-text","#1f2328"),muted:t("--mv-muted","#667085"),accent:t("--mv-accent","#f57c00"),selectBand:t("--mv-select","rgba(245, 124, 0, 0.16)")}}var Dt="group:";function Ot(i,e){if(e==="none"||i==="")return null;let t=i.split(".");if(e==="top")return t.length>1?t[0]:null;let r=t.findIndex(s=>/^\d+$/.test(s));return r<0?null:t.slice(0,r+1).join(".")}function Js(i,e){let t=e.trim().toLowerCase();return t?i.name.toLowerCase().includes(t)||(i.type??"").toLowerCase().includes(t):!0}function Qs(i,e){let t=new Array(e).fill(null);for(let r of i)for(let s=0;s<e;s++){let n=r[s];if(n==null||!Number.isFinite(n))continue;let o=t[s];(o===null||Math.abs(n)>Math.abs(o))&&(t[s]=n)}return t}function $i(i,e,t,r,s,n){let o=i.map((u,h)=>({layer:u,values:e[h]})).filter(u=>Js(u.layer,r)),a=new Map;for(let u of o){let h=Ot(u.layer.name,s);if(h===null)continue;let m=a.get(h);m?m.push(u):a.set(h,[u])}let d=[],p=new Set;for(let u of o){let h=Ot(u.layer.name,s),m=h===null?void 0:a.get(h);if(!m||m.length<2){d.push(u);continue}if(p.has(h)){n.has(h)&&d.push(u);continue}p.add(h);let f=n.has(h),g=Math.min(...m.map(v=>v.layer.depth??0));d.push({layer:{key:Dt+h,name:`${f?"▾":"▸"} ${h} · ${m.length} layers`,type:"group",depth:Math.max(0,g-1)},values:Qs(m.map(v=>v.values),t),group:{prefix:h,members:m.map(v=>v.layer.key),open:f}}),f&&d.push(u)}return d}var Gt=360,Le=150,Q={left:44,right:10,top:6,bottom:18},Hi=46,en=40;function tn(i,e,t=en){if(i<=t)return Array.from({length:i},(s,n)=>n);let r=new Set;for(let s=0;s<t;s++)r.add(Math.round(s*(i-1)/(t-1)));return e>=0&&r.add(e),[...r].sort((s,n)=>s-n)}function rn(i){let e=i.counts.reduce((r,s)=>r+s,0),t=((i.hi??0)-(i.lo??0))/i.counts.length;return e===0?i.counts.map(()=>0):i.counts.map(r=>t>0?r/e/t:r/e)}function Pt(i){let{steps:e,histograms:t}=i,r=l("div",{class:"mv-trend mv-distribution",testid:i.testid??"distribution-chart",dataset:{title:i.title}},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label mv-mono"},i.title))),s=y("svg",{viewBox:`0 0 ${Gt} ${Le}`,class:"mv-chart mv-distribution-svg",role:"img","aria-label":`Distribution of ${i.title} over steps`});r.appendChild(s);let n=b=>!!b&&b.lo!==null&&b.hi!==null&&Array.isArray(b.counts)&&b.counts.length>0,o=i.currentStep===null?-1:e.indexOf(i.currentStep),a=tn(e.length,o).filter(b=>n(t[b]));if(a.length===0)return y("text",{x:Gt/2,y:Le/2,"text-anchor":"middle",class:"mv-axis-label"},s).textContent="no histogram stored",r.classList.add("is-empty"),r;let d=1/0,p=-1/0,u=new Map;for(let b of a){let E=t[b];d=Math.min(d,E.lo),p=Math.max(p,E.hi);let k=rn(E);u.set(b,k)}p<=d&&(d-=.5,p+=.5);let h=Gt-Q.left-Q.right,m=b=>Q.left+(b-d)/(p-d)*h,f=Q.top+Hi,g=Le-Q.bottom,v=a.length>1?(g-f)/(a.length-1):0;a.forEach((b,E)=>{let k=t[b],C=u.get(b),R=a.length>1?f+E*v:g,G=C.length,T=(k.hi-k.lo)/G,V=Math.max(...C),P=[`M${m(k.lo).toFixed(1)},${R.toFixed(1)}`];for(let S=0;S<G;S++){let O=V>0?C[S]/V*Hi:0,ce=T>0?k.lo+(S+.5)*T:k.lo;P.push(`L${m(ce).toFixed(1)},${(R-O).toFixed(1)}`)}P.push(`L${m(k.hi).toFixed(1)},${R.toFixed(1)}Z`);let ee=a.length>1?E/(a.length-1):1;y("path",{d:P.join(""),class:"mv-ridge"+(b===o?" is-current":""),"fill-opacity":(.25+.6*ee).toFixed(2),"data-step":e[b]},s)});let x=(b,E,k,C)=>{y("text",{x:b,y:E,"text-anchor":C,class:"mv-axis-label"},s).textContent=k};return x(Q.left,Le-4,L(d),"start"),x(Gt-Q.right,Le-4,L(p),"end"),d<0&&p>0&&(y("line",{x1:m(0),x2:m(0),y1:Q.top,y2:g,class:"mv-ridge-zero"},s),x(m(0),Le-4,"0","middle")),x(Q.left-6,f,`step ${e[a[0]]}`,"end"),a.length>1&&x(Q.left-6,g,`${e[a[a.length-1]]}`,"end"),r}var be=360,je=118,N={left:62,right:10,top:8,bottom:20};function Ee(i,e,t,r,s){y("text",{x:e,y:t,"text-anchor":s,class:"mv-axis-label"},i).textContent=r}function Oi(i){let e=X(i.statistic),{steps:t,values:r}=i,s=S=>se(i.statistic,S),n=i.currentStep===null?-1:t.indexOf(i.currentStep),o=l("span",{class:"mv-trend-value mv-mono"},n>=0?s(r[n]):""),a=l("div",{class:"mv-trend"+(i.highlighted?" is-highlighted":""),testid:"trend-chart",dataset:{statistic:i.statistic},title:i.description},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label"},e.label),o)),d=y("svg",{viewBox:`0 0 ${be} ${je}`,class:"mv-chart mv-trend-svg",role:"img","aria-label":`${e.label} over steps`});a.appendChild(d);let p=i.others??[],u=S=>S!==null&&Number.isFinite(S),h=[...r,...p.flatMap(S=>S.values)].filter(u);if(h.length===0)return Ee(d,be/2,je/2,"not recorded for this layer","middle"),a.classList.add("is-empty"),a;let m=ke(e.kind,h,e.preferLog),f=m.kind==="log",g=m.kind==="diverging"?Math.min(...h):m.lo,v=m.kind==="diverging"?Math.max(...h):m.hi;if(!f&&v-g<=0){let S=Math.abs(v)*.5||1;g=e.kind==="signed"?g-S:Math.max(0,g-S),v=v+S}let x=be-N.left-N.right,b=je-N.top-N.bottom,E=[...t,...p.flatMap(S=>S.steps)],k=Math.min(...E),C=Math.max(...E),R=S=>N.left+(C===k?x/2:(S-k)/(C-k)*x),G=S=>{let O=f?S<=0?0:(Math.log10(S)-Math.log10(g))/(Math.log10(v)-Math.log10(g)||1):(S-g)/(v-g);return N.top+b-Math.max(0,Math.min(1,O))*b};y("line",{x1:N.left,x2:be-N.right,y1:N.top+b+.5,y2:N.top+b+.5,class:"mv-axis"},d),!f&&g<0&&v>0&&y("line",{x1:N.left,x2:be-N.right,y1:G(0),y2:G(0),class:"mv-zero-line"},d),Ee(d,N.left-5,N.top+8,s(v),"end"),Ee(d,N.left-5,N.top+b,s(g),"end"),f&&Ee(d,N.left-5,N.top+b/2+4,"log","end"),Ee(d,N.left,je-5,`step ${k}`,"start"),Ee(d,be-N.right,je-5,`step ${C}`,"end");for(let S of i.inputChangeSteps??[])y("line",{x1:R(S),x2:R(S),y1:N.top+b-5,y2:N.top+b+4,class:"mv-trend-input-change"},d);for(let S of i.alertSteps)y("line",{x1:R(S),x2:R(S),y1:N.top,y2:N.top+b,class:"mv-trend-alert"},d);let T=(S,O)=>{let ce="",pe=!1;return O.forEach((ae,Ii)=>{if(ae===null||!Number.isFinite(ae)){pe=!1;return}ce+=`${pe?"L":"M"}${R(S[Ii]).toFixed(1)},${G(ae).toFixed(1)}`,pe=!0}),ce};for(let S of p)y("path",{d:T(S.steps,S.values),class:"mv-trend-other",stroke:S.colour,"data-run":S.run},d);if(y("path",{d:T(t,r),class:"mv-trend-line"},d),t.length<=40&&r.forEach((S,O)=>{S!==null&&Number.isFinite(S)&&y("circle",{cx:R(t[O]),cy:G(S),r:1.8,class:"mv-trend-point"},d)}),n>=0){let S=R(t[n]);y("line",{x1:S,x2:S,y1:N.top,y2:N.top+b,class:"mv-cursor"},d);let O=r[n];O!==null&&Number.isFinite(O)&&y("circle",{cx:S,cy:G(O),r:3.5,class:"mv-cursor-dot"},d)}let V=y("line",{x1:0,x2:0,y1:N.top,y2:N.top+b,class:"mv-trend-guide",visibility:"hidden"},d),P=S=>{let O=d.getBoundingClientRect(),ce=(S.clientX-O.left)/O.width*be,pe=0;for(let ae=1;ae<t.length;ae++)Math.abs(R(t[ae])-ce)<Math.abs(R(t[pe])-ce)&&(pe=ae);return pe},ee=o.textContent??"";return d.addEventListener("mousemove",S=>{let O=P(S);V.setAttribute("x1",String(R(t[O]))),V.setAttribute("x2",String(R(t[O]))),V.setAttribute("visibility","visible"),o.textContent=`step ${t[O]}: ${s(r[O])}`}),d.addEventListener("mouseleave",()=>{V.setAttribute("visibility","hidden"),o.textContent=ee}),d.addEventListener("click",S=>i.onPick(t[P(S)])),a}var Ce="activation_std",Di=["#2ca02c","#9467bd","#d62728","#17becf","#8c564b","#e377c2","#bcbd22","#7f7f7f"],sn=150,It=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"statisticSelect");c(this,"hideEmpty");c(this,"legendSlot");c(this,"matrixArea");c(this,"matrixMessage");c(this,"side");c(this,"distributions",l("section",{class:"mv-distributions"}));c(this,"overlaidRuns",new Set);c(this,"heatmap");c(this,"filterInput");c(this,"groupSelect");c(this,"countLabel");c(this,"openGroups",new Set);c(this,"zoom",Ht);c(this,"groupChosen",!1);c(this,"revealedGroup",null);c(this,"layerShownInMatrix",null);c(this,"context",null);c(this,"statistic",Ce);c(this,"alerts",[]);c(this,"alertsOf","");c(this,"visible",!1);c(this,"matrix",null);c(this,"matrixRun","");c(this,"matrixFor","");c(this,"trendsFor","");c(this,"generation",0);this.statisticSelect=l("select",{testid:"heatmap-statistic",attrs:{"aria-label":"Statistic of the heatmap"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de().map(n=>l("option",{attrs:{value:n.name}},n.label))),this.hideEmpty=l("input",{testid:"heatmap-hide-empty",attrs:{type:"checkbox",checked:!0},on:{change:()=>this.showMatrix()}}),this.legendSlot=l("div",{class:"mv-legend-slot"}),this.heatmap=new $t({onPick:(n,o)=>this.pick(n,o)}),this.filterInput=l("input",{class:"mv-search mv-trends-filter",testid:"heatmap-filter",attrs:{type:"search",placeholder:"Filter layers by name or type","aria-label":"Filter the heatmap's layers"},on:{input:()=>this.showMatrix()}}),this.groupSelect=l("select",{testid:"heatmap-group",attrs:{"aria-label":"Group the heatmap's rows"},on:{change:()=>{this.groupChosen=!0,this.showMatrix()}}},l("option",{attrs:{value:"none"}},"every layer"),l("option",{attrs:{value:"block"}},"numbered blocks (h.0, h.1, …)"),l("option",{attrs:{value:"top"}},"top-level modules")),this.countLabel=l("span",{class:"mv-muted mv-trends-count",testid:"heatmap-count"});let r=(n,o,a,d)=>l("button",{class:"mv-button",title:o,testid:a,attrs:{type:"button"},on:{click:d}},n);this.matrixMessage=l("div",{class:"mv-muted mv-matrix-message",testid:"heatmap-message"});let s=l("div",{class:"mv-trends-tools"},this.filterInput,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Group"),this.groupSelect),l("span",{class:"mv-trends-zoom"},r("−","Thinner rows (more of them on screen)","heatmap-zoom-out",()=>this.setZoom(-1)),r("+","Taller rows","heatmap-zoom-in",()=>this.setZoom(1)),r("Fit","Every row on screen at once","heatmap-zoom-fit",()=>this.setZoom(0))),this.countLabel);this.matrixArea=l("div",{class:"mv-trends-matrix"},s,this.heatmap.element,this.matrixMessage),this.side=l("aside",{class:"mv-trends-side",testid:"trends-panel"}),this.element=l("section",{class:"mv-view mv-trends"},l("div",{class:"mv-view-bar"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Heatmap of"),this.statisticSelect),l("label",{class:"mv-check",title:"Leave out layers that have no value of this statistic (e.g. weight norms of a ReLU)"},this.hideEmpty,"only layers with values"),this.legendSlot,l("span",{class:"mv-spacer"}),l("span",{class:"mv-muted mv-hint"},"Click a cell to open that layer at that step")),l("div",{class:"mv-trends-body"},this.matrixArea,this.side))}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de().some(t=>t.name===e)?e:Ce,this.statisticSelect.value=this.statistic,this.trendsFor="",this.refresh()}setOverlaidRuns(e){if(!(e.length===this.overlaidRuns.size&&e.every(r=>this.overlaidRuns.has(r)))){this.overlaidRuns.clear();for(let r of e)this.overlaidRuns.add(r);this.refresh()}}setAlerts(e,t){this.alerts=e,this.alertsOf=t,this.trendsFor="",this.refresh()}setVisible(e){this.visible=e,e&&(this.refresh(),this.heatmap.redraw())}invalidate(){this.matrixFor="",this.trendsFor=""}redraw(){this.visible&&this.heatmap.redraw()}refresh(){let e=this.context;if(!this.visible||!e)return;let t=[e.run,e.tag,this.statistic].join("\0");t!==this.matrixFor&&(this.matrixFor=t,this.loadMatrix(e,this.statistic,t)),this.heatmap.setSelection(this.shownLayer(),e.step),this.matrix&&this.shownLayer()!==this.layerShownInMatrix&&this.showMatrix();let r=this.shownLayer(),s=[e.run,e.tag,e.step,r,...[...this.overlaidRuns].sort()].join("\0");s!==this.trendsFor&&(this.trendsFor=s,this.loadTrends(e,r))}alertsOfRun(e){return this.alertsOf===cr(e)?this.alerts:[]}shownLayer(){let e=this.context;if(e?.layer)return e.layer;let t=e?this.alertsOfRun(e):[];if(t.length)return t[0].layer;let r=this.matrix;if(!r||!e||this.matrixRun!==cr(e))return null;let s=r.layers.findIndex((n,o)=>n.depth!==0&&r.values[o].some(a=>a!==null));return s>=0?r.layers[s].key:null}async loadMatrix(e,t,r){let s=++this.generation;this.showMatrixMessage(this.matrix?null:"Reading every logged step…");try{let n=await this.store.statMatrix(e.run,e.tag,t);if(r!==this.matrixFor||s!==this.generation)return;this.matrix=n,this.matrixRun=cr(e),this.showMatrix(),this.trendsFor="",this.refresh()}catch(n){if(r!==this.matrixFor)return;this.matrix=null,this.heatmap.setData(null),w(this.legendSlot),this.showMatrixMessage(n.message,!0)}}showMatrix(){let e=this.matrix;if(!e)return;let t=e.layers.map((m,f)=>f).filter(m=>!this.hideEmpty.checked||e.values[m].some(f=>f!==null));this.groupChosen||(this.groupSelect.value=t.length>sn?"block":"none");let r=e.layers.find(m=>m.key===this.shownLayer()),s=r?Ot(r.name,this.groupSelect.value):null;s!==null&&s!==this.revealedGroup&&(this.openGroups.add(s),this.revealedGroup=s);let n=X(e.statistic),o=ke(n.kind,t.flatMap(m=>e.values[m]),n.preferLog),a=$i(t.map(m=>e.layers[m]),t.map(m=>e.values[m]),e.steps.length,this.filterInput.value,this.groupSelect.value,this.openGroups),d=a.filter(m=>m.group).length;this.countLabel.textContent=`${a.length.toLocaleString("en-US")} rows`+(d?` (${d} groups)`:"")+` of ${t.length.toLocaleString("en-US")} layers`;let p=m=>se(e.statistic,m);if(w(this.legendSlot,ne(o,{format:m=>p(m),missing:"no value",testid:"heatmap-legend"})),a.length===0){this.heatmap.setData(null),this.showMatrixMessage(t.length===0?`No layer has a value of “${n.label}” at any step.`:`No layer matches “${this.filterInput.value.trim()}”.`);return}let u=e.unreadable.length?` ${e.unreadable.length} damaged step(s) left out.`:"";this.showMatrixMessage(u?u.trim():null),this.heatmap.setData({steps:e.steps,layers:a.map(m=>m.layer),values:a.map(m=>m.values),scale:o,format:p});let h=this.shownLayer();this.layerShownInMatrix=h,h&&this.heatmap.reveal(h),this.element.dataset.statistic=e.statistic}pick(e,t){if(e.startsWith(Dt)){let r=e.slice(Dt.length);this.openGroups.has(r)?this.openGroups.delete(r):this.openGroups.add(r),this.showMatrix();return}this.handlers.onPick(e,t)}setZoom(e){let t=[3,5,8,11,Ht,18,24];if(e===0)this.zoom="fit";else{let r=this.heatmap.rowHeight(),s=e>0?t.find(n=>n>r+.5):[...t].reverse().find(n=>n<r-.5);this.zoom=s??(e>0?t[t.length-1]:t[0])}this.heatmap.setRowHeight(this.zoom)}showMatrixMessage(e,t=!1){this.matrixMessage.hidden=e===null,this.matrixMessage.classList.toggle("mv-error-text",t),this.matrixMessage.textContent=e??""}async loadTrends(e,t){if(t===null){w(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Pick a layer in the heatmap to see its statistics over training."));return}let r=this.trendsFor;this.side.querySelector(".mv-trend")||w(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Loading…"));try{let s=e.otherRuns.filter(a=>this.overlaidRuns.has(a)),[n,...o]=await Promise.all([this.store.layerTrends(e.run,e.tag,t),...s.map(a=>this.store.layerTrends(a,e.tag,t).then(d=>({run:a,trends:d}),d=>({run:a,error:d.message})))]);if(r!==this.trendsFor)return;this.renderTrends(n,e,o)}catch(s){if(r!==this.trendsFor)return;w(this.side,l("p",{class:"mv-error-text mv-trends-empty"},s.message))}}runChooser(e,t){let r=e.otherRuns;if(r.length===0)return null;let s=t.filter(n=>"error"in n);return l("div",{class:"mv-trends-runs",testid:"trends-runs"},l("span",{class:"mv-field-label"},"Overlay runs"),l("span",{class:"mv-run-chip is-own"},l("span",{class:"mv-run-swatch is-own"}),e.run),...r.map(n=>l("label",{class:"mv-run-chip"},l("input",{attrs:{type:"checkbox",checked:this.overlaidRuns.has(n),"data-run":n},on:{change:o=>{o.target.checked?this.overlaidRuns.add(n):this.overlaidRuns.delete(n),this.handlers.onOverlaidRuns([...this.overlaidRuns]),this.refresh()}}}),l("span",{class:"mv-run-swatch",style:{background:Gi(r,n)}}),n)),...s.map(n=>l("p",{class:"mv-muted mv-block",testid:"trends-run-missing"},`${n.run}: ${n.error}`)))}renderTrends(e,t,r=[]){let s=t.step,n=t.otherRuns,o=g=>r.flatMap(v=>"trends"in v?[{run:v.run,steps:v.trends.steps,values:v.trends.statistics[g]??v.trends.steps.map(()=>null),colour:Gi(n,v.run)}]:[]),a=e.layer,d=an(e),p=this.alertsOfRun(t).filter(g=>g.layer===a.key),u=g=>(e.statistics[g]??[]).some(v=>v!==null&&v!==0),h=de(),m=[...h.filter(g=>g.trend==="always").map(g=>g.name),...h.filter(g=>g.trend==="when_present"&&u(g.name)).map(g=>g.name)],f=[this.statistic,...m.filter(g=>g!==this.statistic)];w(this.side,l("div",{class:"mv-trends-head"},l("h2",{class:"mv-mono",testid:"trends-layer-name",title:K(a)},K(a)),l("span",{class:"mv-type-chip"},a.type??"?"),l("span",{class:"mv-spacer"}),Y(a.key,"trends")),...p.map(g=>l("div",{class:"mv-trends-alert",testid:"trends-alert"},l("span",{class:"mv-alert-kind",dataset:{kind:g.kind}},Me(g.kind)),g.message)),d.distinct>1?on(d):null,this.runChooser(t,r),l("div",{class:"mv-trend-grid"},...f.map(g=>Oi({statistic:g,description:e.descriptions[g]??"",steps:e.steps,values:e.statistics[g]??e.steps.map(()=>null),currentStep:s,alertSteps:p.filter(v=>v.statistic===g).map(v=>v.step),inputChangeSteps:d.ticked?d.steps:[],highlighted:g===this.statistic,others:o(g),onPick:v=>this.handlers.onStep(v)}))),l("p",{class:"mv-muted mv-trends-note"},"Weight and gradient norms combine the layer's own parameters; the update ratio is ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous logged step."),this.distributions),this.loadDistributions(t,a.key,this.trendsFor)}async loadDistributions(e,t,r){let s=e.step;w(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("p",{class:"mv-muted"},"Loading histograms…"));try{let n=await this.store.histograms(e.run,e.tag,t);if(r!==this.trendsFor)return;let o=[Pt({title:"output",testid:"distribution-chart",steps:n.steps,histograms:n.activation,currentStep:s}),...Object.entries(n.params).map(([a,d])=>Pt({title:a,steps:n.steps,histograms:d,currentStep:s})),...Object.entries(n.grads).map(([a,d])=>Pt({title:`${a} gradient`,steps:n.steps,histograms:d,currentStep:s}))];w(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("div",{class:"mv-trend-grid",testid:"distributions"},...o),l("p",{class:"mv-muted mv-trends-note"},"One ridge per logged step, the earliest at the back; each is the step's stored histogram (32 bins) as a density. The current step is outlined."))}catch(n){if(r!==this.trendsFor)return;w(this.distributions,l("p",{class:"mv-error-text"},`Could not read the histograms: ${n.message}`))}}};function Gi(i,e){return Di[Math.max(0,i.indexOf(e))%Di.length]}function cr(i){return i.run+"\0"+i.tag}var nn=12;function an(i){let e=i.inputs??[],t=e.filter(o=>o!==null),r=i.steps.filter((o,a)=>a>0&&e[a]!=null&&e[a-1]!=null&&e[a]!==e[a-1]),s=new Set(t).size,n=s===t.length;return{distinct:s,steps:r,everyStep:n,ticked:!n&&r.length<=nn}}function on(i){let e=i.everyStep?"Each logged step ran on different inputs":`The logged steps ran on ${i.distinct} different inputs`,t=i.ticked?" Ticks on the step axis mark where they changed.":"";return l("div",{class:"mv-trends-alert mv-inputs-note",testid:"trends-different-inputs",dataset:{inputs:String(i.distinct)}},l("strong",{},e),l("span",{},` The lines mix how the model changed with how its inputs differ.${t} To follow the model alone, log the same inputs at every step (a fixed probe batch).`))}var ln=900,Vt=class{constructor(e){c(this,"root");c(this,"store",new Ye);c(this,"bridge",new Ke);c(this,"toolbar");c(this,"main");c(this,"overlay");c(this,"graph");c(this,"layers");c(this,"activations");c(this,"trends");c(this,"compare");c(this,"alertsView");c(this,"alertStrip");c(this,"viewElements");c(this,"selection",{run:null,tag:null,step:null,view:"graph",layer:null,stat:Ce,overlay:null,direction:"forward",ref:null,trendRuns:[]});c(this,"alerts",[]);c(this,"alertsFor","");c(this,"alertsShown","");c(this,"requested",{});c(this,"runs",[]);c(this,"structure",null);c(this,"stepDoc",null);c(this,"shownAt",null);c(this,"loadGeneration",0);c(this,"loading",!1);c(this,"playing",!1);c(this,"playTimer");c(this,"followLatest",!0);c(this,"urlWrite",null);c(this,"followingUrl",!1);this.root=e,this.toolbar=new Je({onRun:t=>this.chooseRun(t),onTag:t=>this.chooseTag(t),onStep:t=>{this.stopPlaying(),this.chooseStep(t)},onTogglePlay:()=>this.playing?this.stopPlaying():this.startPlaying(),onView:t=>this.showView(t)}),this.graph=new Nt({onSelect:t=>this.selectLayer(t,"graph"),onOpenActivations:t=>this.openActivations(t),renderThumbnail:(t,r,s)=>this.renderThumbnail(t,r,s),onOverlay:t=>{this.selection.overlay=t,this.graph.setOverlay(t),this.writeUrl("push")},onDirection:t=>{this.selection.direction=t,this.writeUrl("push")},layerValues:t=>this.store.layerValues(t)}),this.layers=new At({onSelect:t=>this.selectLayer(t,"layers"),onOpenActivations:t=>this.openActivations(t)}),this.activations=new dt(this.store,{onSelect:t=>this.selectLayer(t,"activations"),onStep:t=>this.goToStep(t)}),this.trends=new It(this.store,{onPick:(t,r)=>{this.showsOtherRun()||(this.selectLayer(t,"trends"),this.goToStep(r))},onStep:t=>this.goToStep(t),onStatistic:t=>this.chooseStatistic(t),onOverlaidRuns:t=>{this.selection.trendRuns=t,this.writeUrl("push")}}),this.compare=new Et(this.store,{onReference:(t,r)=>{this.selection.ref={run:t,step:r},this.writeUrl("push"),this.updateCompare()},onSelect:t=>this.selectLayer(t,"compare"),onStatistic:t=>this.chooseStatistic(t)}),this.alertsView=new ct({onOpen:t=>this.openAlert(t)}),this.alertStrip=new pt({onOpen:t=>this.openAlert(t),onShowAll:()=>this.showView("alerts")}),this.viewElements={graph:this.graph.element,layers:this.layers.element,activations:this.activations.element,trends:this.trends.element,compare:this.compare.element,alerts:this.alertsView.element},this.overlay=l("div",{class:"mv-overlay",testid:"message"}),this.main=l("main",{class:"mv-main"},...Object.values(this.viewElements),this.overlay),w(this.root,this.toolbar.element,this.alertStrip.element,this.main),this.showView("graph",!1),xr(t=>{document.documentElement.classList.toggle("mv-dark",t),this.graph.setDark(t),this.compare.setDark(t),this.trends.redraw()}),this.bridge.onDataReloaded(()=>{this.reload()}),zr({open:(t,r)=>this.openLayerIn(t,r),href:(t,r)=>Ar({...this.urlState(),view:t,layer:r})})}openLayerIn(e,t){this.selectLayer(t,e==="graph"?"layers":e),this.showView(e)}async start(){this.showOverlay(qe("Loading runs…"));let e=Wt()??et(await this.bridge.urlData());this.requested={...e,...Ut()},this.requested.view&&this.showView(this.requested.view,!1),this.requested.layer&&(this.selection.layer=this.requested.layer),this.requested.stat&&(this.selection.stat=this.requested.stat),this.trends.setStatistic(this.selection.stat),this.compare.setStatistic(this.selection.stat),this.requested.overlay&&(this.selection.overlay=this.requested.overlay,this.graph.setOverlay(this.requested.overlay)),this.requested.direction&&(this.selection.direction=this.requested.direction,this.graph.setDirection(this.requested.direction)),this.requested.ref_run!==void 0&&this.requested.ref_step!==void 0&&(this.selection.ref={run:this.requested.ref_run,step:this.requested.ref_step}),this.requested.trend_runs&&(this.selection.trendRuns=this.requested.trend_runs,this.trends.setOverlaidRuns(this.selection.trendRuns)),Rr(t=>this.followUrl(t)),await this.loadRuns()}followUrl(e){this.followingUrl=!0;try{this.stopPlaying(),this.showView(e.view??"graph"),this.chooseStatistic(e.stat??Ce),this.selection.overlay=e.overlay??null,this.graph.setOverlay(this.selection.overlay),this.selection.direction=e.direction??"forward",this.graph.setDirection(this.selection.direction),this.selection.ref=e.ref_run!==void 0&&e.ref_step!==void 0?{run:e.ref_run,step:e.ref_step}:null,this.selection.trendRuns=e.trend_runs??[],this.trends.setOverlaidRuns(this.selection.trendRuns);let t=e.run!==void 0&&e.run!==this.selection.run||e.tag!==void 0&&e.tag!==this.selection.tag;this.selection.layer=e.layer??null,t?(this.selection.run=e.run??this.selection.run,this.selection.tag=e.tag??null,this.selection.step=null,this.followLatest=!0,this.requested=e,this.applyRuns()):e.step!==void 0&&e.step!==this.selection.step&&this.steps().length&&this.goToStep(pr(this.steps(),e.step)),this.selectLayer(this.selection.layer,"url")}finally{this.followingUrl=!1}}async loadRuns(){this.showOverlay(qe("Loading runs…"));try{this.runs=(await this.store.runs()).runs??[]}catch(e){this.showOverlay(_t("Could not list the runs",e.message,()=>{this.loadRuns()}));return}this.applyRuns()}applyRuns(){let e=this.runs.filter(a=>a.tags.some(d=>d.steps.length>0));if(this.toolbar.setHasData(e.length>0),e.length===0){this.selection.run=this.selection.tag=this.selection.step=null,this.setAlerts(null),this.showOverlay(wr());return}let t=this.requested,r=e.find(a=>a.run===(this.selection.run??t.run))??e[0],s=r.run===this.selection.run?this.selection.tag:t.tag,n=r.tags.find(a=>a.tag===s&&a.steps.length)??r.tags.find(a=>a.steps.length),o;this.selection.step!==null&&r.run===this.selection.run&&n.tag===this.selection.tag&&!this.followLatest?o=pr(n.steps,this.selection.step):this.selection.step===null&&t.step!==void 0?(o=pr(n.steps,t.step),this.followLatest=o===n.steps[n.steps.length-1]):o=n.steps[n.steps.length-1],this.selection.run=r.run,this.selection.tag=n.tag,this.toolbar.setRuns(e,r.run,n.tag),this.toolbar.setSteps(n.steps,o),this.loadStep(o),this.loadAlerts(r.run,n.tag)}steps(){return this.runs.find(t=>t.run===this.selection.run)?.tags.find(t=>t.tag===this.selection.tag)?.steps??[]}chooseRun(e){this.stopPlaying(),this.selection.run=e,this.selection.tag=null,this.selection.step=null,this.followLatest=!0,this.requested={},this.writeUrl("push"),this.applyRuns()}chooseTag(e){this.stopPlaying(),this.selection.tag=e,this.selection.step=null,this.followLatest=!0,this.requested={run:this.selection.run??void 0,tag:e},this.writeUrl("push"),this.applyRuns()}chooseStep(e){let t=this.steps();this.followLatest=e===t[t.length-1],this.loadStep(e)}async reload(){let e;try{e=(await this.store.runs()).runs??[]}catch{return}if(this.store.invalidate(),this.trends.invalidate(),this.compare.invalidate(),this.runs=e,this.alertsFor="",this.playing){let t=this.steps();this.toolbar.setSteps(t,this.selection.step??t[0]);return}this.applyRuns()}async loadStep(e){let t=this.selection.run,r=this.selection.tag;if(t===null||r===null)return;let s=++this.loadGeneration,n={run:t,tag:r,step:e},o=this.stepDoc&&this.selection.step===e&&this.stepDoc.tag===r&&this.structure;this.selection.step=e,this.writeUrl(),this.setLoading(!0),this.structure||this.showOverlay(qe(`Loading step ${e} of ${t}…`));let a=this.structure&&this.shownAt?.run===t&&this.shownAt.tag===r?this.structure:null,d=a?null:this.store.structure(n,void 0);d?.catch(()=>{});try{let p=await this.store.step(n),u=a&&a.hash===p.structure?a:await(d??this.store.structure(n,p.structure));if(s!==this.loadGeneration)return;if(this.showOverlay(null),o&&p.wall_time===this.stepDoc?.wall_time&&u===this.structure){this.updateTrends(),this.updateCompare();return}this.apply(n,u,p)}catch(p){if(s!==this.loadGeneration||xe(p))return;this.stopPlaying(),this.structure=null,this.stepDoc=null,this.shownAt=null,this.toolbar.setSummary(null),this.showOverlay(_t(`Could not load step ${e} of run “${t}”`,p.message,()=>{this.loadStep(e)}))}finally{s===this.loadGeneration&&this.setLoading(!1)}}apply(e,t,r){let s=t!==this.structure;this.structure=t,this.stepDoc=r,this.shownAt=e,this.toolbar.setStepDetail(r.wall_time??null),s&&(this.toolbar.setSummary(t),this.selection.layer&&!t.layers.some(n=>n.key===this.selection.layer)&&(this.selection.layer=null),this.layers.setStructure(t),this.graph.setStructure(t).then(()=>{this.structure===t&&this.graph.select(this.selection.layer)})),this.layers.setStep(r),this.graph.setStep(r,e),this.activations.setData(t,r,e),this.layers.select(this.selection.layer),this.activations.setLayer(this.selection.layer),this.updateTrends(),this.updateCompare()}showsOtherRun(){let e=this.shownAt;return e===null||e.run!==this.selection.run||e.tag!==this.selection.tag}updateTrends(){let{run:e,tag:t,step:r,layer:s}=this.selection;if(e===null||t===null||r===null||this.showsOtherRun())return;let n=this.runs.filter(o=>o.run!==e&&o.tags.some(a=>a.tag===t&&a.steps.length)).map(o=>o.run);this.trends.setContext({run:e,tag:t,step:r,layer:s,otherRuns:n})}reference(e,t,r){let s=this.selection.ref;if(s){let a=this.runs.find(p=>p.run===s.run),d=a?.tags.find(p=>p.tag===t)??a?.tags[0];if(d?.steps.includes(s.step))return{run:s.run,tag:d.tag,step:s.step}}let n=this.steps();if(n.length===0)return null;let o=n[0]===r&&n.length>1?n[n.length-1]:n[0];return{run:e,tag:t,step:o}}updateCompare(){let{run:e,tag:t,step:r,layer:s}=this.selection;if(e===null||t===null||r===null||!this.structure||this.showsOtherRun())return;let n=this.reference(e,t,r);n&&this.compare.setContext({runs:this.runs,a:n,b:{run:e,tag:t,step:r},structure:this.structure,layer:s})}async loadAlerts(e,t){let r=e+"\0"+t;if(r!==this.alertsFor){this.alertsFor=r,r!==this.alertsShown&&(this.setAlerts(null),this.alertsView.showLoading());try{let s=await this.store.alerts(e,t);if(r!==this.alertsFor)return;this.alertsShown=r,this.setAlerts(s.alerts,r),this.alertsView.setAlerts(s,e)}catch(s){if(r!==this.alertsFor)return;this.alertsFor=this.alertsShown="",this.setAlerts(null),this.alertsView.showError(`Could not check this run for problems: ${s.message}`)}}}setAlerts(e,t=""){this.alerts=e??[],this.toolbar.setAlertCount(e===null?null:e.length),this.alertStrip.setAlerts(e),this.graph.setAlerts(this.alerts),this.trends.setAlerts(this.alerts,t)}openAlert(e){this.writeUrl("push"),this.selectLayer(e.layer,"alerts"),this.chooseStatistic(e.statistic),this.showView("trends"),this.steps().includes(e.step)&&this.goToStep(e.step)}chooseStatistic(e){this.selection.stat=e,this.trends.setStatistic(e),this.compare.setStatistic(e),this.writeUrl("push")}goToStep(e){this.steps().includes(e)&&(this.writeUrl("push"),this.stopPlaying(),this.toolbar.setSteps(this.steps(),e),this.chooseStep(e))}setLoading(e){this.loading=e,this.toolbar.setLoading(e)}startPlaying(){let e=this.steps();e.length<2||(this.selection.step===e[e.length-1]&&(this.toolbar.setSteps(e,e[0]),this.loadStep(e[0])),this.playing=!0,this.toolbar.setPlaying(!0),this.scheduleTick())}stopPlaying(){this.playing=!1,window.clearTimeout(this.playTimer),this.toolbar.setPlaying(!1)}scheduleTick(){window.clearTimeout(this.playTimer),this.playTimer=window.setTimeout(()=>this.tick(),ln)}tick(){if(!this.playing)return;if(this.loading){this.scheduleTick();return}let e=this.steps(),t=e.indexOf(this.selection.step??NaN);if(t<0||t>=e.length-1){this.stopPlaying();return}let r=e[t+1];this.toolbar.setSteps(e,r),this.chooseStep(r);let s=e[t+2];s!==void 0&&this.selection.run&&this.selection.tag&&this.store.step({run:this.selection.run,tag:this.selection.tag,step:s}).catch(()=>{}),this.scheduleTick()}showView(e,t=!0){this.selection.view=e,this.toolbar.setView(e);for(let r of jt)this.viewElements[r].hidden=r!==e;this.activations.setVisible(e==="activations"),this.trends.setVisible(e==="trends"),this.compare.setVisible(e==="compare"),t&&this.writeUrl("push")}selectLayer(e,t){this.selection.layer=e,t!=="graph"&&this.graph.select(e),this.layers.select(e),this.activations.setLayer(e),this.updateTrends(),this.updateCompare(),this.writeUrl("push")}openActivations(e){this.selectLayer(e,"layers"),this.showView("activations")}async renderThumbnail(e,t,r){yr(r,await this.store.sample(e,t))}writeUrl(e="replace"){let t=this.urlWrite;this.urlWrite=t==="push"||e==="push"&&!this.followingUrl?"push":"replace",t===null&&queueMicrotask(()=>{let r=this.urlWrite??"replace";this.urlWrite=null,Or(this.urlState(),r)})}urlState(){let{run:e,tag:t,step:r,view:s,layer:n,stat:o,overlay:a,direction:d,ref:p,trendRuns:u}=this.selection;return{run:e??void 0,tag:t??void 0,step:r??void 0,view:s,layer:n??void 0,stat:o===Ce?void 0:o,overlay:a??void 0,direction:d==="backward"?d:void 0,ref_run:p?.run,ref_step:p?.step,trend_runs:u.length>0?u:void 0}}showOverlay(e){this.overlay.hidden=e===null,w(this.overlay,e)}};function pr(i,e){let t=i[0];for(let r of i)Math.abs(r-e)<Math.abs(t-e)&&(t=r);return t}var Pi=`/* tensorboard_modelviz dashboard. Colours are variables so TensorBoard's dark mode is one class. */

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
  /* The graph drawing (graph/theme.ts reads these once per theme change for SVG attributes and the minimap). */
  --mv-graph-frame-fill: #3a66c4;
  --mv-graph-frame-fill-opacity: 0.05;
  --mv-graph-frame-stroke: #a9b6cc;
  --mv-graph-frame-header-fill: #e8eef9;
  --mv-graph-repeat-header-fill: #fbeed8;
  --mv-graph-module-fill: #e7efff;
  --mv-graph-module-stroke: #7d9fe0;
  --mv-graph-repeat-fill: #fff2dc;
  --mv-graph-repeat-stroke: #e0a043;
  --mv-graph-op-fill: #ffffff;
  --mv-graph-op-stroke: #a2abb8;
  --mv-graph-io-fill: #e4f5e9;
  --mv-graph-io-stroke: #5fb77c;
  --mv-graph-edge: #8891a0;
  --mv-graph-edge-label: #5b6575;
  --mv-graph-selected: #e8590c;
  --mv-graph-selected-soft: rgba(232, 89, 12, 0.08);
  --mv-graph-match-fill: #fff3a3;
  --mv-graph-match-stroke: #e0a800;
  --mv-graph-toggle-fill: #ffffff;
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
  --mv-graph-frame-fill: #8fb0ff;
  --mv-graph-frame-fill-opacity: 0.06;
  --mv-graph-frame-stroke: #4a5262;
  --mv-graph-frame-header-fill: #262d3a;
  --mv-graph-repeat-header-fill: #342a1b;
  --mv-graph-module-fill: #1f3150;
  --mv-graph-module-stroke: #5b84d6;
  --mv-graph-repeat-fill: #3b2f1b;
  --mv-graph-repeat-stroke: #c58b34;
  --mv-graph-op-fill: #262a30;
  --mv-graph-op-stroke: #687284;
  --mv-graph-io-fill: #1b3a27;
  --mv-graph-io-stroke: #4fa56d;
  --mv-graph-edge: #7e8898;
  --mv-graph-edge-label: #a2abb8;
  --mv-graph-selected: #ff8a50;
  --mv-graph-selected-soft: rgba(255, 138, 80, 0.1);
  --mv-graph-match-fill: #5a5218;
  --mv-graph-match-stroke: #f2d036;
  --mv-graph-toggle-fill: #2b2f36;
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
  outline: 2px solid var(--mv-graph-selected);
  outline-offset: -2px;
}
.mv-graph-view {
  display: flex;
  width: 100%;
  height: 100%;
  min-height: 200px;
  overflow: hidden;
  position: relative;
  background: var(--mv-bg);
  color: var(--mv-text);
}
.mv-graph-canvas {
  flex: 1 1 auto;
  position: relative;
  min-width: 0;
  overflow: hidden;
}
.mv-graph-toolbar {
  position: absolute;
  top: 8px;
  left: 8px;
  display: flex;
  gap: 4px;
  align-items: center;
  font-size: 12px;
}
.mv-graph-toolbar button,
.mv-graph-toolbar select,
.mv-graph-panel button {
  background: var(--mv-bg);
  color: var(--mv-text);
  cursor: pointer;
  font: inherit;
  border: 1px solid var(--mv-border-strong);
  border-radius: 4px;
  padding: 2px 8px;
  min-width: 26px;
}
.mv-graph-toolbar button:hover,
.mv-graph-panel button:hover {
  background: var(--mv-hover);
}
.mv-graph-status {
  margin-left: 6px;
  color: var(--mv-muted);
}
.mv-graph-view[data-state="error"] .mv-graph-status {
  color: var(--mv-warn);
}
.mv-graph-legend,
.mv-graph-tooltip {
  position: absolute;
  box-sizing: border-box;
  background: var(--mv-panel);
  color: var(--mv-text);
  border: 1px solid var(--mv-border-strong);
}
.mv-graph-legend {
  left: 8px;
  bottom: 8px;
  padding: 6px 10px;
  border-radius: 6px;
  font-size: 11px;
  max-width: 320px;
}
.mv-graph-tooltip {
  pointer-events: none;
  z-index: 2;
  max-width: 360px;
  padding: 5px 8px;
  border-radius: 5px;
  font-size: 11.5px;
  line-height: 1.4;
  white-space: pre-wrap;
  word-break: break-word;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.18);
}
.mv-graph-minimap {
  position: absolute;
  right: 8px;
  bottom: 8px;
  border-radius: 6px;
  overflow: hidden;
  cursor: crosshair;
  box-sizing: border-box;
  background: var(--mv-panel);
  border: 1px solid var(--mv-border-strong);
}
.mv-graph-minimap canvas {
  display: block;
}
.mv-graph-minimap-window {
  position: absolute;
  left: 0;
  top: 0;
  box-sizing: border-box;
  pointer-events: none;
  border-radius: 2px;
  transform-origin: 0 0;
  border: 1.5px solid var(--mv-graph-selected);
  background: var(--mv-graph-selected-soft);
}
/* The side panel of the selected node (graph/panel.ts). */
.mv-graph-panel {
  width: 300px;
  flex: 0 0 300px;
  overflow-y: auto;
  box-sizing: border-box;
  padding: 10px 12px;
  font-size: 12px;
  line-height: 1.4;
  background: var(--mv-panel);
  color: var(--mv-text);
  border-left: 1px solid var(--mv-border-strong);
}
.mv-graph-panel-head {
  display: flex;
  align-items: flex-start;
  gap: 8px;
  margin-bottom: 8px;
}
.mv-graph-panel-words {
  flex: 1;
  min-width: 0;
}
.mv-graph-panel-title {
  font-weight: 600;
  font-size: 14px;
  word-break: break-all;
}
.mv-graph-panel-section {
  margin: 12px 0 4px;
  font-weight: 600;
  color: var(--mv-muted);
  text-transform: uppercase;
  font-size: 10px;
  letter-spacing: 0.05em;
}
.mv-graph-panel-table {
  border-collapse: collapse;
  width: 100%;
}
.mv-graph-panel-table td {
  padding: 1px 0;
  overflow-wrap: anywhere;
}
.mv-graph-panel-table td:first-child {
  color: var(--mv-muted);
  padding-right: 8px;
  vertical-align: top;
  white-space: nowrap;
}
.mv-graph-panel-extra {
  white-space: pre-wrap;
  word-break: break-all;
}
.mv-graph-panel .mv-stat {
  background: var(--mv-bg);
}
.mv-graph-panel .mv-chart {
  margin-top: 6px;
}
.mv-graph-panel-open {
  margin-top: 12px;
}
.mv-graph-panel-members {
  display: flex;
  flex-wrap: wrap;
  gap: 4px;
  margin-top: 6px;
}
.mv-graph-thumbnail {
  width: 100%;
  height: auto;
  image-rendering: pixelated;
  display: block;
}
`;function cd(){let i=document.createElement("style");i.textContent=Pi,document.head.appendChild(i);let e=document.createElement("div");e.className="mv-app",document.body.appendChild(e),cn(e)}async function cn(i){try{Pr((await _.metrics()).metrics)}catch{}await new Vt(i).start()}export{cd as render};
