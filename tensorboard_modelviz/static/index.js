var qt=Object.defineProperty;var Xt=(i,e,t)=>e in i?qt(i,e,{enumerable:!0,configurable:!0,writable:!0,value:t}):i[e]=t;var d=(i,e,t)=>Xt(i,typeof e!="symbol"?e+"":e,t);var J=class extends Error{constructor(t,r){super(t);d(this,"status",r);this.name="ApiError"}};async function Y(i,e={},t){let r=new URLSearchParams;for(let[o,c]of Object.entries(e))r.set(o,String(c));let n="./"+i+(r.toString()?"?"+r.toString():""),s;try{s=await fetch(n,{signal:t,headers:{Accept:"application/json"}})}catch(o){throw o.name==="AbortError"?o:new J("Could not reach the TensorBoard server. Is it still running?",0)}let a=null;try{a=await s.json()}catch{a=null}if(!s.ok){let o=a&&typeof a=="object"&&typeof a.error=="string"?a.error:`The server answered ${s.status} ${s.statusText||""}`.trim()+` for ${i}.`;throw new J(o,s.status)}if(a===null||typeof a!="object")throw new J(`The server sent something that is not JSON for ${i}.`,s.status);return a}var j={runs:i=>Y("runs",{},i),structure:(i,e)=>Y("structure",{run:i.run,tag:i.tag,step:i.step},e),step:(i,e)=>Y("step",{run:i.run,tag:i.tag,step:i.step},e),activation:(i,e,t)=>Y("activation",{run:i.run,tag:i.tag,step:i.step,layer:e},t),layerHistory:(i,e,t,r)=>Y("layer_history",{run:i,tag:e,layer:t},r)};function ue(i){return i instanceof Error&&i.name==="AbortError"}function l(i,e={},...t){let r=document.createElement(i);if(e.class&&(r.className=e.class),e.testid&&(r.dataset.testid=e.testid),e.title&&(r.title=e.title),e.style&&Object.assign(r.style,e.style),e.dataset&&Object.assign(r.dataset,e.dataset),e.attrs)for(let[n,s]of Object.entries(e.attrs))s==null||s===!1||r.setAttribute(n,s===!0?"":String(s));if(e.on)for(let[n,s]of Object.entries(e.on))r.addEventListener(n,s);return tt(r,...t),r}function tt(i,...e){for(let t of e)t==null||t===!1||i.appendChild(typeof t=="string"||typeof t=="number"?document.createTextNode(String(t)):t)}function x(i,...e){i.textContent="",tt(i,...e)}function Z(i,e){let t=URL.createObjectURL(i),r=l("a",{attrs:{href:t,download:e},style:{display:"none"}});document.body.appendChild(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(t),1e4)}function A(i,e=16){let t="http://www.w3.org/2000/svg",{paths:r,filled:n}=Yt[i],s=document.createElementNS(t,"svg");s.setAttribute("viewBox","0 0 24 24"),s.setAttribute("width",String(e)),s.setAttribute("height",String(e)),s.setAttribute("aria-hidden","true"),s.setAttribute("class",n?"icon icon-filled":"icon");for(let a of r){let o=document.createElementNS(t,"path");o.setAttribute("d",a),s.appendChild(o)}return s}var Yt={play:{filled:!0,paths:["M8 5v14l11-7z"]},pause:{filled:!0,paths:["M6 5h4v14H6zM14 5h4v14h-4z"]},download:{filled:!1,paths:["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"]},search:{filled:!1,paths:["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"]},chevron:{filled:!1,paths:["M9 6l6 6l-6 6"]},activations:{filled:!1,paths:["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"]},retry:{filled:!1,paths:["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"]}};var it=["viridis","magma","gray","diverging"],Jt={viridis:["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"],magma:["#000004","#180f3d","#440f76","#721f81","#9e2f7f","#cd4071","#f1605d","#fd9668","#feca8d","#fcfdbf"],gray:["#000000","#ffffff"],diverging:["#053061","#2166ac","#4393c3","#92c5de","#d1e5f0","#f7f7f7","#fddbc7","#f4a582","#d6604d","#b2182b","#67001f"]};function Zt(i){let e=parseInt(i.slice(1),16);return[e>>16&255,e>>8&255,e&255]}var rt=new Map;function Ge(i){let e=rt.get(i);if(e)return e;let t=Jt[i].map(Zt);e=new Uint8ClampedArray(256*3);for(let r=0;r<256;r++){let n=r/255*(t.length-1),s=Math.min(Math.floor(n),t.length-2),a=n-s;for(let o=0;o<3;o++)e[r*3+o]=t[s][o]+(t[s+1][o]-t[s][o])*a}return rt.set(i,e),e}function nt(i,e){i.width=256,i.height=1;let r=i.getContext("2d");if(!r)return;let n=r.createImageData(256,1),s=Ge(e);for(let a=0;a<256;a++)n.data[a*4]=s[a*3],n.data[a*4+1]=s[a*3+1],n.data[a*4+2]=s[a*3+2],n.data[a*4+3]=255;r.putImageData(n,0,0)}function Q(i){let e=Math.max(Math.abs(i.lo),Math.abs(i.hi))||1;return{lo:-e,hi:e}}function U(i,e,t,r,n,s,a,o){i.width=Math.max(1,r),i.height=Math.max(1,n);let c=i.getContext("2d");if(!c||r===0||n===0)return;let p=Ge(o),u=a.hi-a.lo||1,g=new Uint8Array(256);for(let m=0;m<256;m++){let S=(s.lo+m/255*(s.hi-s.lo)-a.lo)/u;g[m]=Math.max(0,Math.min(255,Math.round(S*255)))}let h=c.createImageData(r,n),f=h.data;for(let m=0;m<r*n;m++){let v=g[e[t+m]]*3;f[m*4]=p[v],f[m*4+1]=p[v+1],f[m*4+2]=p[v+2],f[m*4+3]=255}c.putImageData(h,0,0)}function ee(i){let e=i.shape;return i.layout==="chw"?{planes:e[1],height:e[2],width:e[3]}:i.layout==="tf"?{planes:1,height:e[1],width:e[2]}:{planes:1,height:1,width:e[1]}}function te(i,e,t){let{planes:r,width:n,height:s}=ee(i);return(e*r+t)*n*s}function st(i,e,t="viridis"){let{planes:r,width:n,height:s}=ee(e);if(i.style.width="100%",i.style.height="auto",i.style.imageRendering="pixelated",e.shape[0]===0||r===0||n===0||s===0)throw new Error("the sample is empty");if(e.layout==="vec"){let h=Math.max(1,Math.round(n/12)),f=document.createElement("canvas"),m={lo:e.lo[0][0],hi:e.hi[0][0]};U(f,e.values,0,n,1,m,m,t),i.width=n,i.height=h;let v=i.getContext("2d");if(!v)return;v.imageSmoothingEnabled=!1,v.drawImage(f,0,0,n,h);return}let a=Math.min(r,16),o=Math.ceil(Math.sqrt(a)),c=Math.ceil(a/o),p=Math.max(1,Math.round(Math.max(n,s)/16));i.width=o*n+(o-1)*p,i.height=c*s+(c-1)*p;let u=i.getContext("2d");if(!u)return;let g=document.createElement("canvas");for(let h=0;h<a;h++){let f={lo:e.lo[0][h],hi:e.hi[0][h]};U(g,e.values,te(e,0,h),n,s,f,f,t),u.drawImage(g,h%o*(n+p),Math.floor(h/o)*(s+p))}}var ge="modelviz",Qt="experimental.DataReloaded",er="experimental.GetURLPluginData",me=class{constructor(){d(this,"port",null);d(this,"nextId",0);d(this,"pending",new Map);d(this,"reloadListeners",[]);if(window.parent===window)return;let e=new MessageChannel;this.port=e.port1,this.port.onmessage=t=>this.receive(t.data);try{window.parent.postMessage("experimental.bootstrap","*",[e.port2])}catch{this.port=null}}onDataReloaded(e){this.reloadListeners.push(e)}async urlData(){let e=await this.request(er,{pluginName:ge},1500);if(!e||typeof e!="object")return{};let t={};for(let[r,n]of Object.entries(e))typeof n=="string"&&(t[r]=n);return t}request(e,t,r){let n=this.port;if(!n)return Promise.resolve(null);let s=this.nextId++;return new Promise(a=>{let o=setTimeout(()=>{this.pending.delete(s),a(null)},r);this.pending.set(s,c=>{clearTimeout(o),a(c)}),n.postMessage(JSON.stringify({type:e,id:s,payload:t,error:null,isReply:!1}))})}receive(e){let t;try{t=JSON.parse(String(e))}catch{return}if(t.isReply){let n=this.pending.get(t.id);this.pending.delete(t.id),n?.(t.error?null:t.payload);return}if(t.type===Qt)for(let n of this.reloadListeners)n();let r={type:t.type,id:t.id,payload:null,error:null,isReply:!0};this.port?.postMessage(JSON.stringify(r))}};function ot(i){let e=null;try{window.parent!==window&&(e=window.parent.document.body)}catch{e=null}if(e){let r=e,n=()=>i(r.classList.contains("dark-mode"));new MutationObserver(n).observe(r,{attributes:!0,attributeFilter:["class"]}),n();return}let t=window.matchMedia("(prefers-color-scheme: dark)");t.addEventListener("change",()=>i(t.matches)),i(t.matches)}function fe(i){return l("div",{class:"mv-message",testid:"loading-state",attrs:{role:"status"}},l("div",{class:"mv-spinner"}),l("p",{},i))}function Be(i,e,t){return l("div",{class:"mv-message is-error",testid:"error-state",attrs:{role:"alert"}},l("h2",{},i),l("p",{class:"mv-error-text",testid:"error-message"},e),l("button",{class:"mv-button",attrs:{type:"button"},on:{click:t}},A("retry",14),"Try again"))}function at(){let i=(e,t=!1)=>l("span",{class:t?"mv-code-line is-highlight":"mv-code-line"},e);return l("div",{class:"mv-message",testid:"empty-state"},l("h2",{},"No model visualizations in this log directory yet"),l("p",{},"Record your model's graph, layer table and activations by adding one line to your training loop:"),l("pre",{class:"mv-code",testid:"empty-state-code"},i("from tensorboard_modelviz import SummaryWriter"),i(""),i('writer = SummaryWriter("runs/exp1")'),i("for step, (x, y) in enumerate(loader):"),i("    ...  # forward, backward, optimizer step"),i("    if step % 100 == 0:"),i("        writer.add_model_viz(model, x, step)",!0)),l("p",{class:"mv-muted"},"Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now."))}var z=class{constructor(e){d(this,"capacity",e);d(this,"entries",new Map)}get(e){let t=this.entries.get(e);return t!==void 0&&(this.entries.delete(e),this.entries.set(e,t)),t}set(e,t){for(this.entries.delete(e),this.entries.set(e,t);this.entries.size>this.capacity;){let r=this.entries.keys().next().value;this.entries.delete(r)}}delete(e){this.entries.delete(e)}clear(){this.entries.clear()}};function K(...i){return i.join("\0")}function tr(i){let e=atob(i),t=new Uint8Array(e.length);for(let r=0;r<e.length;r++)t[r]=e.charCodeAt(r);return t}function lt(i,e,t,r){let n=s=>typeof s=="number"&&Number.isFinite(s)?s:0;if(!Array.isArray(i)||i.length!==e)throw new Error(`activation sample: "${r}" does not have ${e} entries`);return i.map(s=>{if(Array.isArray(s)){if(s.length!==t)throw new Error(`activation sample: "${r}" does not have ${t} channels`);return s.map(n)}return[n(s)]})}var dt={chw:4,tf:3,vec:2};function ct(i){let{layout:e,shape:t}=i;if(!(e in dt))throw new Error(`activation sample: unknown layout "${String(e)}"`);if(!Array.isArray(t)||t.length!==dt[e]||t.some(o=>!Number.isInteger(o)||o<0))throw new Error(`activation sample: shape ${JSON.stringify(t)} does not fit layout ${e}`);let r=tr(i.data),n=t.reduce((o,c)=>o*c,1);if(r.length!==n)throw new Error(`activation sample: ${r.length} values for shape [${t.join(", ")}]`);let s=t[0],a=e==="chw"?t[1]:1;return{key:i.key,layout:e,shape:t,sourceShape:Array.isArray(i.source_shape)?i.source_shape:t,lo:lt(i.lo,s,a,"lo"),hi:lt(i.hi,s,a,"hi"),values:r}}function ve(i,e,t){return e+i/255*(t-e)}var be=class{constructor(){d(this,"structures",new z(8));d(this,"steps",new z(64));d(this,"samples",new z(96));d(this,"histories",new z(16))}runs(e){return j.runs(e)}step(e){let t=K(e.run,e.tag,e.step),r=this.steps.get(t);return r||(r=j.step(e).then(ir),this.steps.set(t,r),r.catch(()=>this.steps.delete(t))),r}async structure(e,t){let r=t?this.structures.get(K(e.run,e.tag,t)):void 0;if(r)return r;let n=rr(await j.structure(e));return this.structures.set(K(e.run,e.tag,n.hash||t||String(e.step)),n),n}sample(e,t){let r=K(e.run,e.tag,e.step,t),n=this.samples.get(r);return n||(n=j.activation(e,t).then(ct),this.samples.set(r,n),n.catch(()=>this.samples.delete(r))),n}history(e,t,r){let n=K(e,t,r),s=this.histories.get(n);return s||(s=j.layerHistory(e,t,r),this.histories.set(n,s),s.catch(()=>this.histories.delete(n))),s}invalidate(){this.steps.clear(),this.samples.clear(),this.histories.clear()}},pt=i=>typeof i=="object"&&i!==null&&!Array.isArray(i);function rr(i){let e=["nodes","edges","layers"].filter(t=>!Array.isArray(i[t]));if(pt(i.totals)||e.push("totals"),e.length)throw new Error(`The structure document is incomplete (no ${e.join(", ")}); it may come from an incompatible writer.`);return i}function ir(i){if(typeof i.structure!="string")throw new Error("The step document names no structure; it may come from an incompatible writer.");for(let e of["activations","params","grads","samples"])pt(i[e])||(i[e]={});return i}var ht=["","k","M","G","T","P","E"];function ze(i,e,t){let r=0,n=Math.abs(i);for(;n>=e&&r<t.length-1;)n/=e,r++;let s=r===0?0:n<10?2:n<100?1:0;return[(i<0?"-":"")+n.toFixed(s).replace(/\.0+$/,""),t[r]]}function P(i){if(i==null)return"–";let[e,t]=ze(i,1e3,ht);return t?`${e} ${t}`:e}function re(i){if(i==null)return"–";if(i===0)return"0";let[e,t]=ze(i,1e3,ht);return`${e} ${t}FLOPs`}function I(i){if(i==null)return"–";let[e,t]=ze(i,1024,["B","KiB","MiB","GiB","TiB","PiB"]);return`${e} ${t}`}function E(i){return i==null?"–":i.toLocaleString("en-US")}function W(i){return i?"["+i.join(", ")+"]":"–"}function ie(i){return!i||i.length===0?"–":i.map(W).join(" ")}function w(i){if(i==null)return"–";if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(2):Number(i.toPrecision(4)).toString()}function ye(i){if(i==null)return"–";let e=i*100;return(e===0||e>=10?e.toFixed(0):e.toFixed(1))+" %"}function Ie(i,e,t){let r=s=>Array.isArray(s)?s.join("×"):String(s),n=[];return i!=null&&n.push(r(i)),e!=null&&(Array.isArray(e)?e:[e]).some(a=>a!==1)&&n.push("/"+r(e)),t&&t>1&&n.push("g"+t),n.join(" ")}function ut(i){return i?new Date(i*1e3).toLocaleString():""}function we(i,e){return e&&i.startsWith(e+".")?i.slice(e.length+1):i}var nr=[["graph","Graph"],["layers","Layers"],["activations","Activations"]],xe=class{constructor(e){d(this,"element");d(this,"runSelect");d(this,"tagSelect");d(this,"tagField");d(this,"slider");d(this,"stepLabel");d(this,"stepDetail");d(this,"playButton");d(this,"stepField");d(this,"tabs",new Map);d(this,"summary");d(this,"progress");d(this,"steps",[]);this.runSelect=l("select",{testid:"run-select",attrs:{"aria-label":"Run"},on:{change:()=>e.onRun(this.runSelect.value)}}),this.tagSelect=l("select",{testid:"tag-select",attrs:{"aria-label":"Model tag"},on:{change:()=>e.onTag(this.tagSelect.value)}}),this.tagField=l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Model"),this.tagSelect),this.slider=l("input",{testid:"step-slider",class:"mv-slider",attrs:{type:"range",min:0,max:0,step:1,value:0,"aria-label":"Step"},on:{input:()=>{let r=this.steps[Number(this.slider.value)];r!==void 0&&(this.showStepLabel(r),e.onStep(r))}}}),this.playButton=l("button",{testid:"play-button",class:"mv-icon-button",title:"Play through the steps",attrs:{type:"button","aria-label":"Play"},on:{click:()=>e.onTogglePlay()}}),this.stepLabel=l("span",{class:"mv-step-value",testid:"step-value"}),this.stepDetail=l("span",{class:"mv-step-detail"}),this.stepField=l("div",{class:"mv-step"},this.playButton,l("span",{class:"mv-field-label"},"Step"),this.slider,l("span",{class:"mv-step-readout"},this.stepLabel,this.stepDetail));let t=l("nav",{class:"mv-tabs",attrs:{role:"tablist"}});for(let[r,n]of nr){let s=l("button",{class:"mv-tab",testid:`tab-${r}`,dataset:{view:r},attrs:{type:"button",role:"tab"},on:{click:()=>e.onView(r)}},n);this.tabs.set(r,s),t.appendChild(s)}this.summary=l("div",{class:"mv-summary",testid:"model-summary"}),this.progress=l("div",{class:"mv-progress",attrs:{"aria-hidden":"true"}}),this.element=l("header",{class:"mv-toolbar"},l("div",{class:"mv-toolbar-row"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),this.tagField,this.stepField),l("div",{class:"mv-toolbar-row mv-toolbar-tabs"},t,this.summary),this.progress),this.setPlaying(!1)}setRuns(e,t,r){x(this.runSelect,...e.map(s=>l("option",{attrs:{value:s.run}},s.run))),this.runSelect.value=t,this.runSelect.title=t;let n=e.find(s=>s.run===t)?.tags??[];x(this.tagSelect,...n.map(s=>l("option",{attrs:{value:s.tag}},s.tag))),this.tagSelect.value=r,this.tagField.hidden=n.length<2}setSteps(e,t){this.steps=e,this.slider.max=String(Math.max(0,e.length-1));let r=e.indexOf(t);this.slider.value=String(Math.max(0,r)),this.slider.disabled=e.length<2,this.playButton.disabled=e.length<2,this.showStepLabel(t)}setStepDetail(e){let t=this.steps.indexOf(Number(this.stepLabel.dataset.step)),r=this.steps.length>1?`${t+1} of ${this.steps.length}`:"only step";this.stepDetail.textContent=e?`${r} · ${ut(e)}`:r}showStepLabel(e){this.stepLabel.textContent=String(e),this.stepLabel.dataset.step=String(e)}setPlaying(e){x(this.playButton,A(e?"pause":"play",18)),this.playButton.title=e?"Pause":"Play through the steps",this.playButton.setAttribute("aria-label",e?"Pause":"Play"),this.playButton.classList.toggle("is-active",e)}setView(e){for(let[t,r]of this.tabs)r.classList.toggle("is-active",t===e),r.setAttribute("aria-selected",String(t===e))}setLoading(e){this.progress.classList.toggle("is-loading",e)}setHasData(e){this.element.classList.toggle("is-empty",!e)}setSummary(e){if(!e){this.summary.textContent="";return}let t=e.totals,r=(s,a,o)=>l("span",{class:"mv-chip",title:o},l("span",{class:"mv-chip-label"},s),a),n=e.inputs[0];x(this.summary,l("span",{class:"mv-model-type",title:"Model class"},e.model_type),r("params",P(t.params),`${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`),r("compute",re(t.flops),"Floating-point operations of one forward pass"),r("activations",I(t.output_bytes),"Bytes returned by all leaf module calls in one forward pass"),n?r("input",W(n.shape),`${n.name}: ${n.dtype}`):null)}};var _e=["graph","layers","activations"],sr=["run","tag","step","view","layer"],ne=`p.${ge}.`;function Fe(i){let e=[];for(let t of i.replace(/^#/,"").split("&")){if(!t)continue;let r=t.indexOf("=");try{r<0?e.push([decodeURIComponent(t),""]):e.push([decodeURIComponent(t.slice(0,r)),decodeURIComponent(t.slice(r+1))])}catch{}}return e}function mt(i){return i.map(([e,t])=>t===""&&!e.startsWith(ne)?encodeURIComponent(e):`${encodeURIComponent(e)}=${encodeURIComponent(t)}`).join("&")}function Se(i){let e={};return i.run&&(e.run=i.run),i.tag&&(e.tag=i.tag),i.step!==void 0&&/^-?\d+$/.test(i.step)&&(e.step=Number(i.step)),_e.includes(i.view)&&(e.view=i.view),i.layer&&(e.layer=i.layer),e}function vt(){return Se(Object.fromEntries(Fe(window.location.hash)))}function bt(){try{if(window.parent===window)return null;let i={};for(let[e,t]of Fe(window.parent.location.hash))e.startsWith(ne)&&(i[e.slice(ne.length)]=t);return Se(i)}catch{return null}}function gt(i){let e=[];for(let t of sr){let r=i[t];r!==void 0&&r!==""&&e.push([t,String(r)])}return e}function ft(i,e){let t=new URL(i);return t.hash=e,t.href}function yt(i){let e=mt(gt(i));window.location.hash.replace(/^#/,"")!==e&&history.replaceState(history.state,"",ft(window.location.href,e));try{if(window.parent===window)return;let t=window.parent,r=Fe(t.location.hash);if(r.length===0||r[0][0]!==ge||r[0][1]!=="")return;let n=r.filter(([o])=>!o.startsWith(ne)),s=gt(i).map(([o,c])=>[ne+o,c]),a=mt([...n,...s]);t.location.hash.replace(/^#/,"")!==a&&t.history.replaceState(t.history.state,"",ft(t.location.href,a))}catch{}}var or="http://www.w3.org/2000/svg";function $(i,e,t){let r=document.createElementNS(or,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function H(i,e,t,r,n,s="mv-axis-label"){let a=$("text",{x:e,y:t,"text-anchor":n,class:s},i);return a.textContent=r,a}function wt(i,e,t=420,r=150){let n=$("svg",{viewBox:`0 0 ${t} ${r}`,class:"mv-chart",role:"img","aria-label":"Histogram of output values"}),s={left:8,right:8,top:8,bottom:22},a=t-s.left-s.right,o=r-s.top-s.bottom,c=i.counts??[],p=i.lo??0,u=i.hi??0,g=v=>e?Math.log10(1+v):v,h=Math.max(1e-12,...c.map(g)),f=c.length?a/c.length:a,m=c.reduce((v,S)=>v+S,0);if(c.forEach((v,S)=>{let N=g(v)/h*o,B=p+(u-p)*S/c.length,_=p+(u-p)*(S+1)/c.length,F=$("rect",{x:s.left+S*f+.5,y:s.top+o-N,width:Math.max(.5,f-1),height:Math.max(v>0?1:0,N),class:"mv-bar"},n);$("title",{},F).textContent=`[${w(B)}, ${w(_)}): ${v.toLocaleString("en-US")} values (${m?(100*v/m).toFixed(1):0} %)`}),$("line",{x1:s.left,x2:t-s.right,y1:s.top+o+.5,y2:s.top+o+.5,class:"mv-axis"},n),p<0&&u>0){let v=s.left+(0-p)/(u-p)*a;$("line",{x1:v,x2:v,y1:s.top,y2:s.top+o,class:"mv-zero-line"},n),v>s.left+40&&v<t-s.right-40&&H(n,v,r-6,"0","middle")}return H(n,s.left,r-6,w(p),"start"),H(n,t-s.right,r-6,w(u),"end"),n}function xt(i,e,t,r=420,n=150){let s=$("svg",{viewBox:`0 0 ${r} ${n}`,class:"mv-chart mv-history",role:"img","aria-label":"Output statistics over steps"}),a={left:48,right:10,top:8,bottom:22},o=r-a.left-a.right,c=n-a.top-a.bottom,p=i.filter(y=>y.stats&&y.stats.mean!==null&&y.stats.std!==null);if(p.length===0)return H(s,r/2,n/2,"No statistics recorded for this layer","middle"),s;if(i.length<2)return H(s,r/2,n/2,"One step so far: the history appears from the second step","middle"),s;let u=i.map(y=>y.step),g=Math.min(...u),h=Math.max(...u),f=1/0,m=-1/0;for(let y of p){let L=y.stats;f=Math.min(f,L.min??L.mean-L.std,L.mean-L.std),m=Math.max(m,L.max??L.mean+L.std,L.mean+L.std)}f===m&&(f-=1,m+=1);let v=y=>a.left+(h===g?o/2:(y-g)/(h-g)*o),S=y=>a.top+c-(y-f)/(m-f)*c,N=y=>y.map(([L,R],X)=>`${X?"L":"M"}${v(L).toFixed(1)},${S(R).toFixed(1)}`).join(""),B=p.filter(y=>y.stats.min!==null&&y.stats.max!==null);if(B.length){let y=B.map(R=>[R.step,R.stats.max]),L=B.map(R=>[R.step,R.stats.min]).reverse();$("path",{d:N(y)+N(L).replace(/^M/,"L")+"Z",class:"mv-band-range"},s)}let _=p.map(y=>[y.step,y.stats.mean+y.stats.std]),F=p.map(y=>[y.step,y.stats.mean-y.stats.std]).reverse();$("path",{d:N(_)+N(F).replace(/^M/,"L")+"Z",class:"mv-band-std"},s),$("path",{d:N(p.map(y=>[y.step,y.stats.mean])),class:"mv-line-mean"},s),f<0&&m>0&&$("line",{x1:a.left,x2:r-a.right,y1:S(0),y2:S(0),class:"mv-zero-line"},s),H(s,a.left-6,a.top+8,w(m),"end"),H(s,a.left-6,a.top+c,w(f),"end"),H(s,a.left,n-6,`step ${g}`,"start"),H(s,r-a.right,n-6,`step ${h}`,"end");let De=v(e);$("line",{x1:De,x2:De,y1:a.top,y2:a.top+c,class:"mv-cursor"},s);let Qe=p.find(y=>y.step===e);return Qe&&$("circle",{cx:De,cy:S(Qe.stats.mean),r:3.5,class:"mv-cursor-dot"},s),s.addEventListener("click",y=>{let L=s.getBoundingClientRect(),R=(y.clientX-L.left)/L.width*r,X=i[0].step;for(let et of i)Math.abs(v(et.step)-R)<Math.abs(v(X)-R)&&(X=et.step);t(X)}),s}var ar=64;function lr(i,e){if(i!=="auto")return i;let t=!1,r=!1;for(let n=0;n<e.lo.length;n++)for(let s=0;s<e.lo[n].length;s++)e.lo[n][s]<0&&(t=!0),e.hi[n][s]>0&&(r=!0);return t&&r?"diverging":"viridis"}function dr(i,e){return{lo:Math.min(...i.lo[e]),hi:Math.max(...i.hi[e])}}var ke=class{constructor(e,t){d(this,"options",e);d(this,"onOptions",t);d(this,"element");d(this,"controls");d(this,"canvasArea");d(this,"legend");d(this,"readout");d(this,"sample",null);this.controls=l("div",{class:"mv-sample-controls"}),this.canvasArea=l("div",{class:"mv-sample-canvases"}),this.legend=l("div",{class:"mv-legend",testid:"activation-legend"}),this.readout=l("div",{class:"mv-readout mv-mono"}," "),this.element=l("div",{class:"mv-sample"},this.controls,this.canvasArea,l("div",{class:"mv-sample-footer"},this.legend,this.readout))}setSample(e){this.sample=e,this.options.item>=e.shape[0]&&(this.options={...this.options,item:0}),this.render()}update(e){this.options={...this.options,...e},this.onOptions(this.options),this.render()}render(){let e=this.sample;if(!e)return;let t=lr(this.options.colormap,e);this.renderControls(e),e.layout==="chw"?this.renderChannels(e,t):e.layout==="tf"?this.renderSequence(e,t):this.renderVectors(e,t)}renderControls(e){let t=(s,a,o,c,p)=>{let u=l("select",{testid:a,on:{change:()=>p(u.value)}},...c.map(([g,h])=>l("option",{attrs:{value:g}},h)));return u.value=o,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},s),u)},r=e.shape[0],n=e.layout==="chw"?l("div",{class:"mv-segmented",attrs:{role:"group","aria-label":"Colour scale"}},...["shared","channel"].map(s=>l("button",{class:"mv-segment"+(this.options.scale===s?" is-active":""),testid:`scale-${s}`,title:s==="shared"?"One colour scale for all channels: compare magnitudes":"Each channel scaled to its own range: see the pattern in weak channels",attrs:{type:"button","aria-pressed":String(this.options.scale===s)},on:{click:()=>this.update({scale:s})}},s==="shared"?"Shared scale":"Per channel"))):null;x(this.controls,r>1?t("Batch item","sample-item",String(this.options.item),Array.from({length:r},(s,a)=>[String(a),`#${a}`]),s=>this.update({item:Number(s)})):null,t("Colours","colormap-select",this.options.colormap,[["auto","auto"],...it.map(s=>[s,s])],s=>this.update({colormap:s})),n,l("span",{class:"mv-muted mv-sample-shape",title:"The stored sample is downsampled from the layer's output"},`sample ${W(e.shape)} of output ${W(e.sourceShape)}`))}renderLegend(e,t){let r=l("canvas",{class:"mv-colorbar"});nt(r,e);let n=t?[w(t.lo),t.lo<0&&t.hi>0&&e==="diverging"?"0":"",w(t.hi)]:["channel min","","channel max"];x(this.legend,l("div",{class:"mv-colorbar-wrap"},r,l("div",{class:"mv-colorbar-labels mv-mono"},...n.map(s=>l("span",{},s)))))}attachReadout(e,t){e.addEventListener("mousemove",r=>{let n=e.getBoundingClientRect(),s=Math.floor((r.clientX-n.left)/n.width*e.width),a=Math.floor((r.clientY-n.top)/n.height*e.height);s<0||a<0||s>=e.width||a>=e.height||(this.readout.textContent=t(s,a))}),e.addEventListener("mouseleave",()=>this.readout.textContent=" ")}renderChannels(e,t){let{planes:r,width:n,height:s}=ee(e),a=this.options.item,o=this.options.scale==="shared",c=t==="diverging",p=dr(e,a);c&&(p=Q(p));let u=Math.max(1,Math.floor(96/Math.max(n,s,1))),g=this.options.showAllChannels?r:Math.min(r,ar),h=l("div",{class:"mv-channel-grid",style:{gridTemplateColumns:`repeat(auto-fill, minmax(${Math.max(n*u,40)}px, 1fr))`}});for(let m=0;m<g;m++){let v={lo:e.lo[a][m],hi:e.hi[a][m]},S=o?p:c?Q(v):v,N=l("canvas",{class:"mv-heatmap",testid:"activation-canvas",dataset:{channel:String(m)},style:{width:`${n*u}px`,maxWidth:"100%",aspectRatio:`${n} / ${s}`}});U(N,e.values,te(e,a,m),n,s,v,S,t);let B=te(e,a,m);this.attachReadout(N,(_,F)=>`channel ${m} · (${F}, ${_}) = ${w(ve(e.values[B+F*n+_],v.lo,v.hi))}`),h.appendChild(l("figure",{class:"mv-channel",title:`channel ${m}: ${w(v.lo)} … ${w(v.hi)}`},N,l("figcaption",{class:"mv-mono"},String(m))))}let f=r>g?l("button",{class:"mv-button",testid:"show-all-channels",attrs:{type:"button"},on:{click:()=>this.update({showAllChannels:!0})}},`Show all ${r} channels`):null;x(this.canvasArea,h,f),this.renderLegend(t,o?p:null)}renderSequence(e,t){let{width:r,height:n}=ee(e),s=this.options.item,a={lo:e.lo[s][0],hi:e.hi[s][0]},o=t==="diverging"?Q(a):a,c=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(480,Math.max(80,n*6))}px`}}),p=te(e,s,0);U(c,e.values,p,r,n,a,o,t),this.attachReadout(c,(u,g)=>`token ${g} · feature ${u} = ${w(ve(e.values[p+g*r+u],a.lo,a.hi))}`),x(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${r})`),l("div",{class:"mv-heatmap-row"},l("div",{class:"mv-axis-caption mv-axis-vertical mv-muted"},`tokens ↓ (${n})`),c)),this.renderLegend(t,o)}renderVectors(e,t){let[r,n]=e.shape,s=t==="diverging",a={lo:Math.min(...e.lo.map(u=>u[0])),hi:Math.max(...e.hi.map(u=>u[0]))};s&&(a=Q(a));let o=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(320,Math.max(28,r*28))}px`}});o.width=Math.max(1,n),o.height=Math.max(1,r);let c=o.getContext("2d"),p=document.createElement("canvas");for(let u=0;u<r&&c;u++)U(p,e.values,u*n,n,1,{lo:e.lo[u][0],hi:e.hi[u][0]},a,t),c.drawImage(p,0,u);this.attachReadout(o,(u,g)=>`item ${g} · feature ${u} = ${w(ve(e.values[g*n+u],e.lo[g][0],e.hi[g][0]))}`),x(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${n})${r>1?`, one row per batch item (${r})`:""}`),o),this.renderLegend(t,a)}};var Te=class{constructor(e,t){d(this,"store",e);d(this,"handlers",t);d(this,"element");d(this,"pickerFilter");d(this,"pickerList");d(this,"detail");d(this,"structure",null);d(this,"stepDoc",null);d(this,"at",null);d(this,"layer",null);d(this,"visible",!1);d(this,"logHistogram",null);d(this,"sampleOptions",{colormap:"auto",scale:"shared",item:0,showAllChannels:!1});d(this,"generation",0);d(this,"renderedFor","");this.pickerFilter=l("input",{class:"mv-search",testid:"activation-layer-filter",attrs:{type:"search",placeholder:"Find a layer","aria-label":"Find a layer"},on:{input:()=>this.renderPicker()}}),this.pickerList=l("div",{class:"mv-picker-list",testid:"activation-layer-list",attrs:{role:"listbox","aria-label":"Layers"}}),this.detail=l("div",{class:"mv-activation-detail",testid:"activation-detail"}),this.element=l("section",{class:"mv-view mv-activations"},l("aside",{class:"mv-picker"},l("div",{class:"mv-picker-head"},this.pickerFilter),this.pickerList,l("div",{class:"mv-picker-foot mv-muted"},l("span",{class:"mv-sample-dot is-legend"}),"activation sample stored at this step")),this.detail)}setData(e,t,r){let n=e!==this.structure;this.structure=e,this.stepDoc=t,this.at=r,n?this.renderPicker():this.updatePickerMarks(),(this.layer===null||!e.layers.some(s=>s.key===this.layer))&&(this.layer=this.defaultLayer()),this.refresh()}setLayer(e){if(!(e===null||e===this.layer)){this.layer=e,this.sampleOptions={...this.sampleOptions,showAllChannels:!1};for(let t of this.pickerList.querySelectorAll("[data-key]")){let r=t.dataset.key===e;t.classList.toggle("is-selected",r),t.setAttribute("aria-selected",String(r)),r&&this.visible&&t.scrollIntoView({block:"nearest"})}this.refresh()}}setVisible(e){this.visible=e,e&&(this.pickerList.querySelector(".is-selected")?.scrollIntoView({block:"nearest"}),this.refresh())}defaultLayer(){let e=this.stepDoc?.samples??{},t=this.structure?.layers??[];return t.find(r=>r.key in e)?.key??t.find(r=>r.node!==null&&r.parent!==null)?.key??t[0]?.key??null}renderPicker(){let e=this.structure?.layers??[],t=this.pickerFilter.value.trim().toLowerCase(),r=this.stepDoc?.samples??{},n=document.createDocumentFragment(),s=0,a=new Map(e.map(o=>[o.key,o.name]));for(let o of e){if(o.node===null||t&&!o.name.toLowerCase().includes(t)&&!o.type.toLowerCase().includes(t))continue;s++;let c=o.parent===null;n.appendChild(l("button",{class:"mv-picker-item"+(o.key===this.layer?" is-selected":"")+(o.key in r?" has-sample":""),testid:"activation-layer",dataset:{key:o.key},title:`${o.name||this.structure?.model_type||"model"} (${o.type})${o.calls>1?`, call ${o.call+1} of ${o.calls}`:""}`,attrs:{type:"button",role:"option","aria-selected":String(o.key===this.layer)},style:{paddingLeft:`${8+(t?0:Math.min(o.depth,8)*12)}px`},on:{click:()=>this.handlers.onSelect(o.key)}},l("span",{class:"mv-sample-dot",title:"Has an activation sample at this step"}),l("span",{class:"mv-picker-name"},c?this.structure?.model_type??"model":t?o.name:we(o.name,o.parent===null?null:a.get(o.parent))),o.calls>1?l("span",{class:"mv-badge"},`#${o.call+1}`):null,l("span",{class:"mv-picker-type"},o.type)))}x(this.pickerList),this.pickerList.appendChild(n),s===0&&this.pickerList.appendChild(l("div",{class:"mv-muted mv-picker-empty"},"No layer matches."))}updatePickerMarks(){let e=this.stepDoc?.samples??{};for(let t of this.pickerList.querySelectorAll("[data-key]"))t.classList.toggle("has-sample",t.dataset.key in e)}refresh(){if(!this.visible||!this.structure||!this.stepDoc||!this.at)return;let e=[this.at.run,this.at.tag,this.at.step,this.layer,this.structure.hash].join("\0");if(e===this.renderedFor)return;let t=!this.renderedFor.endsWith("\0"+this.layer+"\0"+this.structure.hash);this.renderedFor=e,this.renderDetail(t)}renderDetail(e){let t=++this.generation,r=this.structure,n=this.stepDoc,s=this.at,a=r.layers.find(h=>h.key===this.layer);if(!a){x(this.detail,l("div",{class:"mv-placeholder"},l("p",{},"Pick a layer on the left to see its activations.")));return}let o=n.activations[a.key]??null,c=n.samples[a.key],p=l("div",{class:"mv-card mv-sample-card"},l("h3",{},"Output sample")),u=this.detail.querySelector(".mv-sample-card .mv-sample"),g=l("div",{class:"mv-card"},l("h3",{},"Over training"),l("div",{class:"mv-muted mv-chart-placeholder"},"Loading…"));x(this.detail,this.header(a,r),this.statsGrid(o),l("div",{class:"mv-card-row"},this.histogramCard(o),g),p,this.parametersCard(a,n)),n.capture?.warnings?.length&&this.detail.appendChild(l("div",{class:"mv-card mv-warnings"},l("h3",{},"Capture warnings"),...n.capture.warnings.map(h=>l("p",{},h)))),c?(u&&!e?p.appendChild(u):p.appendChild(l("div",{class:"mv-muted mv-chart-placeholder",testid:"sample-loading"},"Loading sample…")),this.store.sample(s,a.key).then(h=>{if(t!==this.generation)return;let f=new ke(this.sampleOptions,m=>this.sampleOptions=m);f.setSample(h),x(p,l("h3",{},"Output sample"),f.element)},h=>{t!==this.generation||ue(h)||x(p,l("h3",{},"Output sample"),l("p",{class:"mv-error-text"},h.message))})):p.appendChild(l("p",{class:"mv-muted",testid:"no-sample"},o?`No sample of this layer's output was stored at step ${s.step}; the statistics above cover the whole output.`:`This call did not record its output at step ${s.step}.`)),this.store.history(s.run,s.tag,a.key).then(h=>{if(t!==this.generation)return;let f=h.steps.map((m,v)=>({step:m,stats:h.activations[v]??null}));x(g,l("h3",{},"Over training",l("span",{class:"mv-card-note"},"mean ± std, min–max; click to jump")),xt(f,s.step,m=>this.handlers.onStep(m)))},h=>{t===this.generation&&x(g,l("h3",{},"Over training"),l("p",{class:"mv-error-text"},h.message))})}header(e,t){let r=e.parent===null?t.model_type:e.name;return l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"activation-layer-name"},r),l("span",{class:"mv-type-chip",title:e.extra?`${e.type}(${e.extra})`:e.type},e.type),e.calls>1?l("span",{class:"mv-badge"},`call ${e.call+1} of ${e.calls}`):null,l("span",{class:"mv-muted mv-mono"},`${ie(e.input_shapes)} → ${ie(e.output_shapes)}`))}statsGrid(e){if(!e)return l("div",{class:"mv-card mv-muted"},"No statistics were recorded for this call at this step.");let t=(r,n,s,a=!1)=>l("div",{class:"mv-stat"+(a?" is-warn":""),title:s},l("div",{class:"mv-stat-label"},r),l("div",{class:"mv-stat-value mv-mono"},n));return l("div",{class:"mv-stats",testid:"activation-stats"},t("mean",w(e.mean),"Mean of the finite values"),t("std",w(e.std),"Standard deviation of the finite values"),t("min",w(e.min),"Smallest finite value"),t("max",w(e.max),"Largest finite value"),t("|max|",w(e.absmax),"Largest magnitude"),t("zeros",ye(e.zeros),"Fraction of exact zeros",(e.zeros??0)>.9),t("NaN",E(e.nan),"Count of NaN values",e.nan>0),t("Inf",E(e.inf),"Count of infinite values",e.inf>0),t("values",P(e.numel),`${E(e.numel)} values in the whole output`))}histogramCard(e){let t=l("div",{class:"mv-card"}),r=e?.hist?.counts??[],n=r.reduce((o,c)=>o+c,0),s=n>0&&Math.max(...r)>.5*n,a=()=>{let o=this.logHistogram??s,c=l("label",{class:"mv-check",title:"Logarithmic counts: shows the tails next to a spike"},l("input",{testid:"histogram-log",attrs:{type:"checkbox",checked:o},on:{change:p=>{this.logHistogram=p.target.checked,a()}}}),"log");x(t,l("h3",{},"Histogram",l("span",{class:"mv-card-note"},c)),e?.hist&&r.length?wt(e.hist,o):l("p",{class:"mv-muted"},"No histogram recorded."))};return a(),t}parametersCard(e,t){let r=e.param_names??[];if(r.length===0)return null;let s=l("tr",{},...[["parameter","Qualified parameter name"],["mean","Mean of the weights"],["std","Standard deviation of the weights"],["norm","L2 norm of the weights"],["grad norm","L2 norm of the gradient when the step was recorded"],["update","Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"]].map(([o,c],p)=>l("th",{class:p?"is-numeric":"",title:c},o))),a=r.map(o=>{let c=t.params[o],p=t.grads[o],u=t.updates?.[o];return l("tr",{},l("td",{class:"mv-mono"},o),l("td",{class:"is-numeric"},w(c?.mean)),l("td",{class:"is-numeric"},w(c?.std)),l("td",{class:"is-numeric"},w(c?.norm)),l("td",{class:"is-numeric"+(p?"":" is-muted"),title:p?void 0:"No gradient was set when this step was recorded"},p?w(p.norm):"–"),l("td",{class:"is-numeric"+(u==null?" is-muted":""),title:u===void 0?"Not tracked (first recorded step, or update tracking off)":void 0},w(u)))});return l("div",{class:"mv-card"},l("h3",{},"Parameters"),l("table",{class:"mv-table mv-compact"},l("thead",{},s),l("tbody",{},...a)))}};function C(i){return i.kind==="root"||i.kind==="module"||i.kind==="repeat"}function cr(i){let e=2166136261,t=1523705862;for(let r=0;r<i.length;r++){let n=i.charCodeAt(r);e=Math.imul(e^n,16777619),t=Math.imul(t^n,1540483477)^t>>>15}return(e>>>0).toString(36)+"."+(t>>>0).toString(36)}function je(i){return i===null?"?":i.join("x")}function pr(i){let e=new Array(i.nodes.length),t=new Array(i.nodes.length),r=n=>{let s=i.nodes[n],a=[s.type],o=[];for(let u of s.children){let g=i.nodes[u];g.kind==="module"?(r(u),a.push("M"+e[u]),o.push(...t[u])):(a.push(g.kind==="op"?`O${g.op}${g.inplace?"!":""}`:g.kind),o.push(u))}let c=new Map;o.forEach((u,g)=>c.set(u,g));let p=new Set;o.forEach((u,g)=>{for(let h of i.outEdges[u]){let f=i.edges[h],m=c.get(f.dst);p.add(m===void 0?`out${g}:${je(f.shape)}`:`${g}>${m}:${je(f.shape)}`)}for(let h of i.inEdges[u]){let f=i.edges[h];c.has(f.src)||p.add(`in${g}:${je(f.shape)}`)}}),e[n]=cr(a.join("|")+"#"+[...p].sort().join(",")),t[n]=o};for(let n of i.roots)i.nodes[n].kind==="module"&&r(n);return e}function St(i){let e=pr(i),t=new Map,r=new Array(i.nodes.length),n=(h,f,m,v)=>{let S={id:h,kind:f,graphId:m,parent:v,children:[]};return t.set(h,S),m!==null&&(r[m]=S),S},s=new Map,a=(h,f)=>{for(let[m,v]of s)if(v===h){for(let S of i.outEdges[m])if(s.get(i.edges[S].dst)===f)return!0}return!1},o=(h,f)=>{for(let m of i.nodes[f].children)i.nodes[m].kind==="module"?o(h,m):s.set(m,h)},c=(h,f)=>{let m=i.nodes[h],v=i.nodes[f];return m.kind!=="module"||v.kind!=="module"||m.type!==v.type||e[h]!==e[f]?!1:(s.clear(),o(h,h),o(f,f),a(h,f))},p=(h,f)=>{let m=0;for(;m<f.length;){let v=m+1;for(;v<f.length&&c(f[v-1],f[v]);)v++;if(v-m>=2){let S=n(`r${f[m]}`,"repeat",null,h);for(let N=m;N<v;N++)S.children.push(u(S,f[N]));h.children.push(S)}else h.children.push(u(h,f[m]));m=v}},u=(h,f)=>{let m=i.nodes[f],v=n(`n${f}`,m.kind,f,h);return m.kind==="module"&&p(v,m.children),v},g=n("root","root",null,null);return p(g,i.roots),{root:g,byId:t,byGraphId:r}}var hr=50;function kt(i){return i.kind==="module"&&i.children.some(C)}function Ue(i,e=hr){let t=new Set(["root"]),r=i.root.children.length,n=i.root.children.filter(kt);for(;n.length>0;){let s=[];for(let a of n){let o=a.children.length-1;r+o>e||(r+=o,t.add(a.id),s.push(...a.children.filter(kt)))}n=s}return t}function Ke(i,e){let t=!1;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(i.add(r.id),t=!0);return t}function Tt(i){return[...i].sort().join(",")}function Mt(i,e){let t=e;for(let r=e.parent;r!==null;r=r.parent)i.has(r.id)||(t=r);return t}function Lt(i,e){let t=r=>C(r)&&r.children.length>0&&(r.kind==="root"||e.has(r.id))?r.children.reduce((n,s)=>n+t(s),0):1;return t(i.root)}function Et(i,e,t,r){if(t.width<=0||t.height<=0)throw new Error("There is no drawn graph to export yet.");let n=Math.ceil(t.width+32),s=Math.ceil(t.height+32),a=i.cloneNode(!1);a.setAttribute("xmlns","http://www.w3.org/2000/svg"),a.setAttribute("width",String(n)),a.setAttribute("height",String(s)),a.setAttribute("viewBox",`0 0 ${n} ${s}`),a.removeAttribute("style");let o=document.createElementNS("http://www.w3.org/2000/svg","rect");o.setAttribute("width",String(n)),o.setAttribute("height",String(s)),o.setAttribute("fill",r),a.appendChild(o);let c=e.cloneNode(!0);return c.setAttribute("transform","translate(16,16)"),a.appendChild(c),new XMLSerializer().serializeToString(a)}async function Nt(i,e=2){let t=/width="(\d+)" height="(\d+)"/.exec(i.slice(0,2e3));if(t===null)throw new Error("The exported SVG has no size.");let r=Number(t[1]),n=Number(t[2]),s=Math.min(e,16e3/r,16e3/n,Math.sqrt(64e6/(r*n))),a=URL.createObjectURL(new Blob([i],{type:"image/svg+xml"}));try{let o=new Image;o.decoding="async",await new Promise((u,g)=>{o.onload=()=>u(),o.onerror=()=>g(new Error("The browser could not render the graph as an image.")),o.src=a});let c=document.createElement("canvas");c.width=Math.max(1,Math.floor(r*s)),c.height=Math.max(1,Math.floor(n*s));let p=c.getContext("2d");if(p===null)throw new Error("No 2-D canvas is available for the PNG export.");return p.scale(s,s),p.drawImage(o,0,0,r,n),await new Promise((u,g)=>{c.toBlob(h=>h?u(h):g(new Error("The PNG could not be encoded (graph too large?).")),"image/png")})}finally{URL.revokeObjectURL(a)}}var se='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',We='ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',b={titleSize:12,subtitleSize:10,opSize:11,edgeLabelSize:10,padX:10,toggleSpace:22,toggleRadius:7,moduleHeight:38,opHeight:24,ioHeight:34,frameHeader:26,framePad:12,minBoxWidth:48,maxTextWidth:240};function $t(){let i=new Map,e=null;try{e=typeof document<"u"?document.createElement("canvas").getContext("2d"):null}catch{e=null}return(t,r,n={})=>{let s=`${r}|${n.bold?1:0}|${n.mono?1:0}|${t}`,a=i.get(s);return a===void 0&&(e!==null?(e.font=`${n.bold?"600 ":""}${r}px ${n.mono?We:se}`,a=e.measureText(t).width):a=t.length*r*(n.mono?.62:.58),i.set(s,a)),a}}var oe=class extends Error{constructor(){super("A newer layout request replaced this one."),this.name="LayoutSuperseded"}},ur=40,Me=class{constructor(e){d(this,"worker",null);d(this,"cache",new Map);d(this,"running",null);d(this,"waiting",null);d(this,"nextId",1);d(this,"failure",null);try{this.worker=new Worker(e),this.worker.onmessage=t=>this.finish(t.data),this.worker.onerror=t=>{t.preventDefault(),this.fail(`The layout worker failed (${e}): ${t.message||"it could not be loaded"}.`)}}catch(t){this.failure=`The layout worker could not be started from ${e}: ${t instanceof Error?t.message:String(t)}`}}cached(e){let t=this.cache.get(e);return t!==void 0&&(this.cache.delete(e),this.cache.set(e,t)),t}layout(e,t){let r=this.cached(e);return r!==void 0?Promise.resolve(r):this.failure!==null?Promise.reject(new Error(this.failure)):new Promise((n,s)=>{this.waiting?.reject(new oe),this.waiting={key:e,graph:t,resolve:n,reject:s},this.startNext()})}clearCache(){this.cache.clear()}destroy(){this.worker?.terminate(),this.fail("The graph view was closed.")}startNext(){if(this.running!==null||this.waiting===null||this.worker===null)return;let e=this.waiting;this.waiting=null;let t=this.cached(e.key);if(t!==void 0){e.resolve(t);return}this.running={...e,id:this.nextId++};let r={id:this.running.id,graph:e.graph};this.worker.postMessage(r)}finish(e){let t=this.running;if(!(t===null||t.id!==e.id)){if(this.running=null,e.ok){for(this.cache.set(t.key,e.graph);this.cache.size>ur;)this.cache.delete(this.cache.keys().next().value);t.resolve(e.graph)}else t.reject(new Error(e.message));this.startNext()}}fail(e){this.failure=e;let t=new Error(e);this.running?.reject(t),this.waiting?.reject(t),this.running=null,this.waiting=null}};function D(i){return i==null?"?":i.length===0?"scalar":i.join("×")}function V(i){if(i==null||!Number.isFinite(i))return"–";let e=Math.abs(i),t=[[1e12,"T"],[1e9,"G"],[1e6,"M"],[1e3,"k"]];for(let[r,n]of t)if(e>=r)return`${ae((i/r).toPrecision(3))}${n}`;return Number.isInteger(i)?String(i):ae(i.toPrecision(3))}function qe(i){if(i==null||!Number.isFinite(i))return"–";let e=["B","KiB","MiB","GiB","TiB"],t=i,r=0;for(;Math.abs(t)>=1024&&r<e.length-1;)t/=1024,r++;return`${r===0?t:ae(t.toPrecision(3))} ${e[r]}`}function G(i){if(i==null)return"–";if(typeof i!="number"||!Number.isFinite(i))return String(i);if(i===0)return"0";let e=Math.abs(i);return e>=1e5||e<.001?i.toExponential(3):ae(i.toPrecision(4))}function Ct(i){return typeof i!="number"||!Number.isFinite(i)?"–":`${ae((i*100).toPrecision(3))}%`}function ae(i){return i.includes("e")||!i.includes(".")?i:i.replace(/\.?0+$/,"")}function Ee(i){let e=i.split("."),t=e[e.length-1];return/^\d+$/.test(t)&&e.length>1?`${e[e.length-2]}.${t}`:t}function Le(i,e){let t=i.nodes[e],r=t.name===""?t.type||i.modelType||"model":Ee(t.name);return t.call>0?`${r} #${t.call}`:r}function Ne(i,e){let t=e.children[0],r=e.children[e.children.length-1];return`${Le(i,t.graphId)} … ${Le(i,r.graphId)}`}function $e(i,e){return`${i.nodes[e.children[0].graphId].type} ×${e.children.length}`}function le(i,e){if(e.kind==="repeat"){let r=Ne(i,e),n=$e(i,e);return{title:r,subtitle:n,tooltip:`${n} blocks ${r} with identical structure`}}let t=i.nodes[e.graphId];switch(t.kind){case"module":{let r=Le(i,t.id),n=t.name===""?"model":t.type;return{title:r,subtitle:n,tooltip:`${t.name||"(model)"} : ${t.type}  [${t.layer}]`}}case"op":{let r=t.flops?`, ${V(t.flops)} FLOPs`:"";return{title:t.op||t.label||"op",subtitle:"",tooltip:`${t.op}${r}`}}default:{let r=`${D(t.shape)} ${t.dtype}`.trim(),n=t.name||t.label||t.kind;return{title:n,subtitle:r,tooltip:`${t.kind} ${n}: ${r}`}}}}function At(i,e){if(e.kind==="repeat")return`${Ne(i,e)} · ${$e(i,e)}`;let t=i.nodes[e.graphId],r=Le(i,t.id);return t.name===""?r:`${r} · ${t.type}`}function Rt(i,e){let t=D(i.edges[e[0]].shape),r=new Set(e.map(n=>i.edges[n].src)).size;return r>1?`${t} +${r-1}`:t}function de(i,e){return e.kind==="root"||C(e)&&e.children.length>0&&i.has(e.id)}function Ot(i,e,t){let r=[],n=new Array(i.nodes.length),s=(p,u)=>{p.graphId!==null&&!C(p)&&(n[p.graphId]=u);for(let g of p.children)s(g,u)},a=p=>{if(de(t,p))for(let u of p.children)a(u);else r.push(p),s(p,p)};a(e.root);let o=new Map,c=[];return i.edges.forEach((p,u)=>{let g=n[p.src],h=n[p.dst];if(g===void 0||h===void 0||g===h)return;let f=`e${g.id}-${h.id}`,m=o.get(f);m===void 0&&(m={id:f,src:g,dst:h,edges:[]},o.set(f,m),c.push(m)),m.edges.push(u)}),{boxes:r,edges:c,boxOfLeaf:n}}var mr={"elk.algorithm":"layered","elk.direction":"DOWN","elk.hierarchyHandling":"INCLUDE_CHILDREN","elk.json.shapeCoords":"ROOT","elk.json.edgeCoords":"ROOT","elk.edgeRouting":"ORTHOGONAL","elk.edgeLabels.placement":"CENTER","elk.spacing.nodeNode":"16","elk.spacing.edgeNode":"10","elk.spacing.edgeEdge":"8","elk.spacing.edgeLabel":"2","elk.layered.spacing.nodeNodeBetweenLayers":"22","elk.layered.spacing.edgeNodeBetweenLayers":"10","elk.layered.considerModelOrder.strategy":"NODES_AND_EDGES","elk.layered.thoroughness":"4","elk.padding":"[top=16,left=16,bottom=16,right=16]"};function gr(i,e,t){let r=le(i,e);if(e.kind==="op"){let c=Math.min(b.maxTextWidth,t(r.title,b.opSize))+2*b.padX;return{width:Math.max(b.minBoxWidth,Math.ceil(c)),height:b.opHeight}}let n=Math.min(b.maxTextWidth,Math.max(t(r.title,b.titleSize,{bold:!0}),t(r.subtitle,b.subtitleSize))),s=C(e)&&e.children.length>0?b.toggleSpace:0,a=Math.ceil(n+2*b.padX+s),o=e.kind==="input"||e.kind==="output"?b.ioHeight:b.moduleHeight;return{width:Math.max(b.minBoxWidth,a),height:o}}function Pt(i,e,t,r,n){let s=b.framePad,a=p=>de(t,p)?{id:p.id,layoutOptions:{"elk.padding":`[top=${b.frameHeader+s/2},left=${s},bottom=${s},right=${s}]`},children:p.children.map(a)}:{id:p.id,...gr(i,p,n)},o=b.edgeLabelSize+3,c=r.edges.map(p=>{let u=Rt(i,p.edges);return{id:p.id,sources:[p.src.id],targets:[p.dst.id],labels:[{text:u,width:Math.ceil(n(u,b.edgeLabelSize,{mono:!0}))+4,height:o}]}});return{id:"root",layoutOptions:mr,children:e.root.children.map(a),edges:c}}var M=class extends Error{constructor(e){super(e),this.name="StructureError"}},fr=new Set(["module","op","input","output"]);function ce(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function Xe(i,e){return Number.isInteger(i)&&i>=0&&i<e}function O(i){return typeof i=="string"?i:""}function Ht(i){return Array.isArray(i)&&i.every(e=>typeof e=="number"&&Number.isFinite(e))?i:null}function vr(i,e){if(!ce(i))throw new M(`Graph node ${e} is not an object.`);if(i.id!==e)throw new M(`Graph node ${e} has id ${String(i.id)}; ids must equal positions.`);if(typeof i.kind!="string"||!fr.has(i.kind))throw new M(`Graph node ${e} has unknown kind ${JSON.stringify(i.kind)}.`);if(i.parent!==null&&i.parent!==void 0&&!Number.isInteger(i.parent))throw new M(`Graph node ${e} has a parent that is not a node id.`);let t=i.kind;if(t==="module"&&typeof i.layer!="string")throw new M(`Module node ${e} has no layer key.`);return{id:e,kind:t,parent:i.parent??null,label:O(i.label),name:O(i.name),type:O(i.type),layer:t==="module"?i.layer:null,call:Number.isInteger(i.call)?i.call:0,op:O(i.op),flops:typeof i.flops=="number"?i.flops:null,inplace:i.inplace===!0,shape:Ht(i.shape),dtype:O(i.dtype),children:[]}}function br(i){let e=new Uint8Array(i.length);for(let t of i){let r=[],n=t.id;for(;n!==null&&e[n]===0;){e[n]=1,r.push(n);let s=i[n].parent;if(s!==null){if(!Xe(s,i.length))throw new M(`Graph node ${n} has parent ${s}, which does not exist.`);if(i[s].kind!=="module")throw new M(`Graph node ${n} has parent ${s}, which is not a module.`);if(e[s]===1)throw new M(`The module nesting of graph node ${n} forms a cycle.`)}n=s}for(let s of r)e[s]=2}}function yr(i,e,t){if(!ce(i))throw new M(`Graph edge ${e} is not an object.`);for(let r of["src","dst"]){let n=i[r];if(!Xe(n,t.length))throw new M(`Graph edge ${e} has ${r} ${String(n)}, which is not a node id.`);if(t[n].kind==="module")throw new M(`Graph edge ${e} ends at module node ${n}; edges join ops, inputs and outputs.`)}return{src:i.src,dst:i.dst,shape:Ht(i.shape),dtype:O(i.dtype)}}function wr(i,e){if(i===void 0)return new Map;if(!Array.isArray(i))throw new M('The layer table ("layers") is not a list.');let t=new Map;return i.forEach((r,n)=>{if(!ce(r)||typeof r.key!="string")throw new M(`Layer table row ${n} has no key.`);if(r.node!==null&&r.node!==void 0&&!Xe(r.node,e.length))throw new M(`Layer table row ${r.key} points at node ${String(r.node)}, which does not exist.`);t.set(r.key,{...r,key:r.key,node:r.node??null,name:O(r.name),type:O(r.type)})}),t}function Vt(i){if(!ce(i))throw new M("The structure document is not a JSON object.");if(!Array.isArray(i.nodes))throw new M('The structure document has no "nodes" list.');if(!Array.isArray(i.edges))throw new M('The structure document has no "edges" list.');let e=i.nodes.map(vr);br(e);let t=[];for(let o of e)o.parent===null?t.push(o.id):e[o.parent].children.push(o.id);let r=i.edges.map((o,c)=>yr(o,c,e)),n=e.map(()=>[]),s=e.map(()=>[]);r.forEach((o,c)=>{s[o.src].push(c),n[o.dst].push(c)});let a=new Map;for(let o of e)o.layer!==null&&a.set(o.layer,o.id);return{hash:O(i.hash),modelType:O(i.model_type),nodes:e,edges:r,roots:t,inEdges:n,outEdges:s,layers:wr(i.layers,e),nodeByLayer:a,totals:ce(i.totals)?i.totals:{}}}function q(i){return typeof i=="object"&&i!==null&&!Array.isArray(i)}function k(i,e,t){let r=document.createElement(i);return t!==void 0&&(r.textContent=t),e.appendChild(r),r}function Dt(i){return!Array.isArray(i)||i.length===0?"–":i.map(e=>Array.isArray(e)?D(e):String(e)).join(", ")}var Ce=class{constructor(e,t){d(this,"actions",e);d(this,"element");d(this,"node",null);d(this,"model",null);d(this,"step",null);d(this,"theme");d(this,"generation",0);this.theme=t,this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-panel"),Object.assign(this.element.style,{width:"300px",flex:"0 0 300px",overflowY:"auto",boxSizing:"border-box",padding:"10px 12px",fontSize:"12px",lineHeight:"1.4",display:"none"}),this.applyTheme()}show(e,t){this.model=e,this.node=t,this.redraw()}setStep(e){this.step=e,this.redraw()}setTheme(e){this.theme=e,this.applyTheme(),this.redraw()}applyTheme(){Object.assign(this.element.style,{background:this.theme.panelBackground,color:this.theme.text,borderLeft:`1px solid ${this.theme.panelBorder}`})}redraw(){this.generation++,this.element.replaceChildren();let{node:e,model:t}=this;if(e===null||t===null){this.element.style.display="none";return}this.element.style.display="block",e.kind==="repeat"?this.drawRepeat(t,e):e.kind==="module"?this.drawModule(t,e):e.kind==="op"?this.drawOp(t,e):this.drawEndpoint(t,e)}header(e,t){let r=k("div",this.element);Object.assign(r.style,{display:"flex",alignItems:"flex-start",gap:"8px",marginBottom:"8px"});let n=k("div",r);n.style.flex="1",n.style.minWidth="0";let s=k("div",n,e);Object.assign(s.style,{fontWeight:"600",fontSize:"14px",wordBreak:"break-all"}),s.setAttribute("data-testid","graph-panel-title");let a=k("div",n,t);a.style.color=this.theme.mutedText;let o=k("button",r,"×");o.title="Close",o.setAttribute("aria-label","Close"),this.styleButton(o),o.addEventListener("click",()=>this.actions.close())}styleButton(e){Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",font:"inherit"})}section(e){let t=k("div",this.element,e);return Object.assign(t.style,{marginTop:"12px",marginBottom:"4px",fontWeight:"600",color:this.theme.mutedText,textTransform:"uppercase",fontSize:"10px",letterSpacing:"0.05em"}),k("div",this.element)}table(e,t){let r=k("table",e);Object.assign(r.style,{borderCollapse:"collapse",width:"100%"});for(let[n,s]of t){let a=k("tr",r),o=k("td",a,n);Object.assign(o.style,{color:this.theme.mutedText,padding:"1px 8px 1px 0",verticalAlign:"top",whiteSpace:"nowrap"});let c=k("td",a,s);Object.assign(c.style,{padding:"1px 0",wordBreak:"break-all"})}}drawModule(e,t){let r=e.nodes[t.graphId],n=r.layer,s=e.layers.get(n);this.header(r.name===""?r.type||e.modelType:Ee(r.name),r.type);let a=[["name",r.name||"(model)"],["key",n],["type",r.type]];if(s!==void 0&&typeof s.calls=="number"&&s.calls>1&&a.push(["call",`${r.call+1} of ${s.calls}`]),this.table(this.section("Module"),a),s!==void 0){let c=[["inputs",Dt(s.input_shapes)],["outputs",Dt(s.output_shapes)]];this.table(this.section("Shapes"),c);let p=[["parameters",V(s.params_total)],["own parameters",V(s.params)]];if(typeof s.frozen=="number"&&s.frozen>0&&p.push(["frozen",V(s.frozen)]),q(s.param_bytes)){let u=Object.values(s.param_bytes).reduce((g,h)=>g+(typeof h=="number"?h:0),0);p.push(["parameter bytes",qe(u)])}if(p.push(["FLOPs",V(s.flops)]),typeof s.output_bytes=="number"&&p.push(["output bytes",qe(s.output_bytes)]),this.table(this.section("Size"),p),typeof s.extra=="string"&&s.extra!==""){let u=k("div",this.section("Configuration"),s.extra);Object.assign(u.style,{fontFamily:"monospace",whiteSpace:"pre-wrap",wordBreak:"break-all"})}}let o=k("button",this.element,"Open activations");o.setAttribute("data-testid","graph-open-activations"),this.styleButton(o),o.style.marginTop="12px",o.addEventListener("click",()=>this.actions.openActivations(n)),this.drawThumbnail(n),this.drawStats(n)}drawThumbnail(e){let t=q(this.step)&&q(this.step.samples)?this.step.samples:null;if(this.actions.renderThumbnail===void 0||t===null||!(e in t))return;let r=this.section("Activation sample"),n=k("canvas",r);n.setAttribute("data-testid","graph-thumbnail"),Object.assign(n.style,{width:"100%",height:"auto",imageRendering:"pixelated",display:"block"});let s=k("div",r,"Loading…");s.style.color=this.theme.mutedText;let a=this.generation;this.actions.renderThumbnail(e,n).then(()=>{a===this.generation&&s.remove()},o=>{a===this.generation&&(n.remove(),s.textContent=`No thumbnail: ${o instanceof Error?o.message:String(o)}`)})}drawStats(e){if(!q(this.step))return;let t=this.section("Output at this step"),n=(q(this.step.activations)?this.step.activations:{})[e];if(!q(n)){k("div",t,"Not recorded at this step.").style.color=this.theme.mutedText;return}let s=n;this.table(t,[["values",V(s.numel)],["mean",G(s.mean)],["std",G(s.std)],["min",G(s.min)],["max",G(s.max)],["|max|",G(s.absmax)],["zeros",Ct(s.zeros)],["NaN / inf",`${s.nan??0} / ${s.inf??0}`]]),s.hist!==void 0&&Array.isArray(s.hist.counts)&&s.hist.counts.length>0&&this.drawHistogram(t,s.hist)}drawHistogram(e,t){let s="http://www.w3.org/2000/svg",a=document.createElementNS(s,"svg");a.setAttribute("width",String(260)),a.setAttribute("height",String(48)),a.setAttribute("data-testid","graph-histogram"),a.style.display="block",a.style.marginTop="6px";let o=t.counts.map(g=>typeof g=="number"&&g>0?g:0),c=Math.max(1,...o),p=260/o.length;o.forEach((g,h)=>{let f=g/c*46,m=document.createElementNS(s,"rect");m.setAttribute("x",String(h*p)),m.setAttribute("y",String(48-f)),m.setAttribute("width",String(Math.max(1,p-1))),m.setAttribute("height",String(f)),m.setAttribute("fill",this.theme.moduleStroke),a.appendChild(m)}),e.appendChild(a);let u=k("div",e);Object.assign(u.style,{display:"flex",justifyContent:"space-between",color:this.theme.mutedText,width:"260px"}),k("span",u,G(t.lo)),k("span",u,G(t.hi))}drawRepeat(e,t){this.header(Ne(e,t),$e(e,t));let r=k("div",this.element,`${t.children.length} consecutive blocks with identical structure. Select one:`);r.style.color=this.theme.mutedText;let n=k("div",this.element);Object.assign(n.style,{display:"flex",flexWrap:"wrap",gap:"4px",marginTop:"6px"});for(let s of t.children){let a=e.nodes[s.graphId],o=k("button",n,Ee(a.name)||a.type);o.title=a.layer??"",this.styleButton(o),o.addEventListener("click",()=>this.actions.selectNode(s))}}drawOp(e,t){let r=e.nodes[t.graphId];this.header(r.op||r.label,"operator");let n=e.inEdges[r.id].map(c=>D(e.edges[c].shape)),s=e.outEdges[r.id].map(c=>D(e.edges[c].shape)),a=r.parent===null?null:e.nodes[r.parent],o=[["inputs",n.length>0?n.join(", "):"–"],["outputs",s.length>0?[...new Set(s)].join(", "):"–"],["FLOPs",V(r.flops)],["in place",r.inplace?"yes":"no"]];a!==null&&o.push(["in module",a.layer??a.name]),this.table(this.section("Operator"),o)}drawEndpoint(e,t){let r=e.nodes[t.graphId];this.header(r.name||r.label,r.kind==="input"?"model input":"model output"),this.table(this.section("Tensor"),[["shape",D(r.shape)],["dtype",r.dtype||"–"]])}};var xr="http://www.w3.org/2000/svg";function T(i,e={},t){let r=document.createElementNS(xr,i);for(let[n,s]of Object.entries(e))r.setAttribute(n,String(s));return t?.appendChild(r),r}function pe(i,e,t){let r=T("text",t,i);return r.textContent=e,r}var Sr=0,Re=class{constructor(e){d(this,"measure",e);d(this,"svg");d(this,"viewport");d(this,"markerId",`mvz-arrow-${++Sr}`);d(this,"drawn",new Map);d(this,"rects",new Map);d(this,"size",{width:0,height:0});this.svg=T("svg",{"data-testid":"graph-svg",width:"100%",height:"100%"}),this.svg.style.display="block",this.svg.style.userSelect="none",this.viewport=T("g",{"data-role":"viewport"},this.svg)}get bounds(){return this.size}rectOf(e){return this.rects.get(e)}isDrawn(e){return this.drawn.has(e)}clear(){this.viewport.replaceChildren(),this.drawn.clear(),this.rects.clear(),this.size={width:0,height:0}}draw(e,t,r,n,s){this.clear(),this.size={width:n.width??0,height:n.height??0},this.svg.setAttribute("font-family",se);let a=T("defs",{},this.viewport),o=T("marker",{id:this.markerId,viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse",markerUnits:"userSpaceOnUse"},a);T("path",{d:"M0,0L10,5L0,10z",fill:s.edge},o);let c=T("g",{"data-role":"frames"},this.viewport),p=T("g",{"data-role":"edges"},this.viewport),u=T("g",{"data-role":"boxes"},this.viewport),g=h=>{let f=t.byId.get(h.id);if(f!==void 0){let m={x:h.x??0,y:h.y??0,width:h.width??0,height:h.height??0};this.rects.set(h.id,m);let S=de(r,f)?this.drawFrame(e,f,m,s,c):this.drawBox(e,f,m,s,u);this.drawn.set(h.id,S)}h.children?.forEach(g)};n.children?.forEach(g);for(let h of n.edges??[])this.drawEdge(h,s,p)}highlight(e,t){for(let[r,n]of this.drawn){let s=Bt(n,t),{fill:a,stroke:o}=s,c=n.open?1:1.2,p=n.open&&n.tree.kind==="repeat"?"5 3":"";e.matches.has(r)?(n.open||(a=t.matchFill),o=t.matchStroke,c=2):e.hiding.has(r)&&(o=t.matchStroke,c=2,p="4 2"),e.selected===r&&(o=t.selected,c=2.5),n.shape.setAttribute("fill",a),n.shape.setAttribute("stroke",o),n.shape.setAttribute("stroke-width",String(c)),p?n.shape.setAttribute("stroke-dasharray",p):n.shape.removeAttribute("stroke-dasharray"),n.group.toggleAttribute("data-selected",e.selected===r),n.group.toggleAttribute("data-match",e.matches.has(r))}}nodeGroup(e,t,r,n,s){let a=T("g",{"data-testid":"graph-node","data-id":t.id,"data-kind":t.kind,transform:`translate(${r.x},${r.y})`},s);a.style.cursor="pointer",t.graphId!==null&&e.nodes[t.graphId].layer!==null&&a.setAttribute("data-key",e.nodes[t.graphId].layer),C(t)&&a.setAttribute("data-expanded",String(n)),t.kind==="repeat"&&a.setAttribute("data-count",String(t.children.length));let o=T("title",{},a);return o.textContent=le(e,t).tooltip,a}drawFrame(e,t,r,n,s){let a=this.nodeGroup(e,t,r,!0,s),o=T("rect",{width:r.width,height:r.height,rx:8,"fill-opacity":n.frameFillOpacity,"pointer-events":"none"},a);T("rect",{width:r.width,height:b.frameHeader,fill:"#000","fill-opacity":0},a);let c=r.width-2*b.padX-b.toggleSpace;pe(a,this.fitText(At(e,t),c,b.titleSize,!0),{x:b.padX,y:b.frameHeader/2+5,"font-size":b.titleSize,"font-weight":600,fill:n.mutedText}),this.drawToggle(a,r.width-b.toggleSpace/2-4,b.frameHeader/2+1,!0,n);let p={tree:t,group:a,shape:o,open:!0};return Gt(p,n),p}drawBox(e,t,r,n,s){let a=this.nodeGroup(e,t,r,!1,s),o=le(e,t);if(t.kind==="repeat")for(let f of[6,3])T("rect",{x:f,y:-f,width:r.width,height:r.height,rx:6,fill:n.repeatFill,stroke:n.repeatStroke,"stroke-width":1},a);let c=t.kind==="op"?r.height/2:t.kind==="input"||t.kind==="output"?12:6,p=T("rect",{width:r.width,height:r.height,rx:c},a),u=C(t)&&t.children.length>0,g=r.width-2*b.padX-(u?b.toggleSpace:0)+1;t.kind==="op"?pe(a,this.fitText(o.title,g,b.opSize,!1),{x:r.width/2,y:r.height/2+4,"text-anchor":"middle","font-size":b.opSize,fill:n.text}):(pe(a,this.fitText(o.title,g,b.titleSize,!0),{x:b.padX,y:16,"font-size":b.titleSize,"font-weight":600,fill:n.text}),pe(a,this.fitText(o.subtitle,g,b.subtitleSize,!1),{x:b.padX,y:t.kind==="input"||t.kind==="output"?28:30,"font-size":b.subtitleSize,fill:n.mutedText})),u&&this.drawToggle(a,r.width-b.toggleSpace/2-2,r.height/2,!1,n);let h={tree:t,group:a,shape:p,open:!1};return Gt(h,n),h}fitText(e,t,r,n){if(this.measure(e,r,{bold:n})<=t)return e;let s=0,a=e.length;for(;s<a;){let o=Math.ceil((s+a)/2);this.measure(e.slice(0,o)+"…",r,{bold:n})<=t?s=o:a=o-1}return e.slice(0,s)+"…"}drawToggle(e,t,r,n,s){let a=T("g",{"data-testid":"graph-toggle","data-role":"toggle",transform:`translate(${t},${r})`},e);T("circle",{r:b.toggleRadius,fill:s.toggleFill,stroke:s.mutedText,"stroke-width":1},a),T("path",{d:n?"M-3.5,0H3.5":"M-3.5,0H3.5M0,-3.5V3.5",stroke:s.text,"stroke-width":1.4,"stroke-linecap":"round"},a);let o=T("title",{},a);o.textContent=n?"Collapse":"Expand"}drawEdge(e,t,r){let n=T("g",{"data-testid":"graph-edge","data-id":e.id,"data-src":e.sources[0],"data-dst":e.targets[0]},r);for(let s of e.sections??[]){let o=[s.startPoint,...s.bendPoints??[],s.endPoint].map((c,p)=>`${p===0?"M":"L"}${Ae(c.x)},${Ae(c.y)}`).join("");T("path",{d:o,fill:"none",stroke:t.edge,"stroke-width":1.2,"marker-end":`url(#${this.markerId})`},n)}for(let s of e.labels??[])n.setAttribute("data-label",s.text),pe(n,s.text,{x:Ae((s.x??0)+2),y:Ae((s.y??0)+s.height-3),"font-family":We,"font-size":b.edgeLabelSize,fill:t.edgeLabel,stroke:t.background,"stroke-width":3,"paint-order":"stroke","stroke-linejoin":"round"})}};function Ae(i){return Math.round(i*10)/10}function Bt(i,e){if(i.open)return{fill:e.frameFill,stroke:e.frameStroke};switch(i.tree.kind){case"repeat":return{fill:e.repeatFill,stroke:e.repeatStroke};case"op":return{fill:e.opFill,stroke:e.opStroke};case"input":case"output":return{fill:e.ioFill,stroke:e.ioStroke};default:return{fill:e.moduleFill,stroke:e.moduleStroke}}}function Gt(i,e){let{fill:t,stroke:r}=Bt(i,e);i.shape.setAttribute("fill",t),i.shape.setAttribute("stroke",r),i.shape.setAttribute("stroke-width",i.open?"1":"1.2"),i.open&&i.tree.kind==="repeat"&&i.shape.setAttribute("stroke-dasharray","5 3")}function kr(i,e){if(e.graphId===null)return"";let t=i.nodes[e.graphId];switch(t.kind){case"module":return`${t.name}
${t.type}
${t.layer??""}`.toLowerCase();case"op":return`${t.op}
${t.label}`.toLowerCase();default:return`${t.name}
${t.label}`.toLowerCase()}}function zt(i,e,t){let r=t.trim().toLowerCase();if(r==="")return[];let n=[];for(let s of e.byGraphId)s!==void 0&&kr(i,s).includes(r)&&n.push(s);return n}var Ye={background:"#ffffff",text:"#1f2430",mutedText:"#5f6877",frameFill:"#3a66c4",frameFillOpacity:"0.05",frameStroke:"#a9b6cc",moduleFill:"#e7efff",moduleStroke:"#7d9fe0",repeatFill:"#fff2dc",repeatStroke:"#e0a043",opFill:"#ffffff",opStroke:"#a2abb8",ioFill:"#e4f5e9",ioStroke:"#5fb77c",edge:"#8891a0",edgeLabel:"#5b6575",selected:"#e8590c",matchFill:"#fff3a3",matchStroke:"#e0a800",toggleFill:"#ffffff",panelBackground:"#f7f8fa",panelBorder:"#d5d9e0",buttonBackground:"#ffffff",error:"#c62828"},Je={background:"#1b1d21",text:"#e3e6eb",mutedText:"#9aa3b0",frameFill:"#8fb0ff",frameFillOpacity:"0.06",frameStroke:"#4a5262",moduleFill:"#1f3150",moduleStroke:"#5b84d6",repeatFill:"#3b2f1b",repeatStroke:"#c58b34",opFill:"#262a30",opStroke:"#687284",ioFill:"#1b3a27",ioStroke:"#4fa56d",edge:"#7e8898",edgeLabel:"#a2abb8",selected:"#ff8a50",matchFill:"#5a5218",matchStroke:"#f2d036",toggleFill:"#2b2f36",panelBackground:"#23262b",panelBorder:"#3a3f47",buttonBackground:"#2d3137",error:"#ff8a80"};var Oe=class{constructor(e,t){d(this,"svg",e);d(this,"target",t);d(this,"transform",{x:0,y:0,k:1});d(this,"drag",null);d(this,"swallowClick",!1);d(this,"listeners",[]);this.listen("wheel",r=>this.onWheel(r),{passive:!1}),this.listen("pointerdown",r=>this.onPointerDown(r)),this.listen("pointermove",r=>this.onPointerMove(r)),this.listen("pointerup",r=>this.onPointerUp(r)),this.listen("pointercancel",r=>this.onPointerUp(r)),this.listen("click",r=>{this.swallowClick&&(r.stopPropagation(),r.preventDefault(),this.swallowClick=!1)},{capture:!0})}get current(){return{...this.transform}}set(e){this.transform={...e,k:It(e.k,.005,4)},this.target.setAttribute("transform",`translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`)}fit(e,t=16){let{width:r,height:n}=this.size();if(r<=0||n<=0||e.width<=0||e.height<=0)return;let s=Math.min((r-2*t)/e.width,(n-2*t)/e.height,1.5);this.set({k:s,x:(r-e.width*s)/2-e.x*s,y:(n-e.height*s)/2-e.y*s})}overview(e,t=.75,r=16){let{width:n,height:s}=this.size();if(n<=0||s<=0||e.width<=0||e.height<=0)return;let a=Math.min((n-2*r)/e.width,(s-2*r)/e.height,1.5);if(a>=t){this.fit(e,r);return}let o=Math.max(a,Math.min(t,(n-2*r)/e.width));this.set({k:o,x:(n-e.width*o)/2-e.x*o,y:r-e.y*o})}ensureVisible(e){let{width:t,height:r}=this.size(),{x:n,y:s,k:a}=this.transform,o=e.x*a+n,c=e.y*a+s;o>=0&&c>=0&&o+e.width*a<=t&&c+e.height*a<=r||this.set({k:a,x:t/2-(e.x+e.width/2)*a,y:r/2-(e.y+e.height/2)*a})}toScreen(e,t){return{x:e*this.transform.k+this.transform.x,y:t*this.transform.k+this.transform.y}}pin(e,t,r){let{k:n}=this.transform;this.set({k:n,x:r.x-e*n,y:r.y-t*n})}zoomBy(e,t){let{width:r,height:n}=this.size(),s=t??{x:r/2,y:n/2},{x:a,y:o,k:c}=this.transform,p=It(c*e,.005,4);this.set({k:p,x:s.x-(s.x-a)*p/c,y:s.y-(s.y-o)*p/c})}destroy(){for(let[e,t,r]of this.listeners)this.svg.removeEventListener(e,t,r)}size(){let e=this.svg.getBoundingClientRect();return{width:e.width,height:e.height}}listen(e,t,r){this.svg.addEventListener(e,t,r),this.listeners.push([e,t,r])}onWheel(e){e.preventDefault();let t=e.deltaMode===1?16:e.deltaMode===2?400:1,r=this.svg.getBoundingClientRect();this.zoomBy(Math.exp(-e.deltaY*t*.0015),{x:e.clientX-r.left,y:e.clientY-r.top})}onPointerDown(e){e.button!==0||this.drag!==null||(this.swallowClick=!1,this.drag={pointerId:e.pointerId,startX:e.clientX,startY:e.clientY,origin:this.current,moving:!1})}onPointerMove(e){let t=this.drag;if(t===null||t.pointerId!==e.pointerId)return;let r=e.clientX-t.startX,n=e.clientY-t.startY;if(!t.moving){if(Math.hypot(r,n)<4)return;t.moving=!0,this.svg.setPointerCapture(e.pointerId),this.svg.style.cursor="grabbing"}this.set({...t.origin,x:t.origin.x+r,y:t.origin.y+n})}onPointerUp(e){let t=this.drag;t===null||t.pointerId!==e.pointerId||(this.drag=null,t.moving&&(this.swallowClick=!0,this.svg.style.cursor="",this.svg.hasPointerCapture(e.pointerId)&&this.svg.releasePointerCapture(e.pointerId)))}};function It(i,e,t){return Math.min(t,Math.max(e,i))}var Tr=24,Mr=250,Lr=150,Ze=class{constructor(e,t){d(this,"options",t);d(this,"root");d(this,"canvasArea");d(this,"status");d(this,"toolbar");d(this,"measure",$t());d(this,"renderer",new Re(this.measure));d(this,"viewport");d(this,"panel");d(this,"client");d(this,"resizeObserver");d(this,"theme",Ye);d(this,"model",null);d(this,"tree",null);d(this,"generation",0);d(this,"expanded",new Set);d(this,"selected",null);d(this,"query","");d(this,"matches",[]);d(this,"drawnKey",null);d(this,"drawnLayout",null);d(this,"fitPending",!1);d(this,"anchor",null);d(this,"revealTarget",null);d(this,"waiters",[]);d(this,"busyTimer",null);d(this,"destroyed",!1);this.root=document.createElement("div"),this.root.setAttribute("data-testid","graph-view"),Object.assign(this.root.style,{display:"flex",width:"100%",height:"100%",minHeight:"200px",overflow:"hidden",fontFamily:se,position:"relative"}),this.canvasArea=document.createElement("div"),Object.assign(this.canvasArea.style,{flex:"1 1 auto",position:"relative",minWidth:"0",overflow:"hidden"}),this.canvasArea.appendChild(this.renderer.svg),this.root.appendChild(this.canvasArea),this.toolbar=document.createElement("div"),Object.assign(this.toolbar.style,{position:"absolute",top:"8px",left:"8px",display:"flex",gap:"4px",alignItems:"center",fontSize:"12px"}),this.addButton("Fit","graph-fit","Fit the graph to the view",()=>this.fit()),this.addButton("+","graph-zoom-in","Zoom in",()=>this.viewport.zoomBy(1.25)),this.addButton("−","graph-zoom-out","Zoom out",()=>this.viewport.zoomBy(.8)),this.addButton("Reset","graph-reset","Back to the default expansion",()=>this.resetExpansion()),this.status=document.createElement("span"),this.status.setAttribute("data-testid","graph-status"),this.status.style.marginLeft="6px",this.toolbar.appendChild(this.status),this.canvasArea.appendChild(this.toolbar),this.panel=new Ce({close:()=>this.selectNode(null,!0),openActivations:r=>this.options.onOpenActivations(r),selectNode:r=>this.selectNode(r,!0,!0),renderThumbnail:t.renderThumbnail},this.theme),this.root.appendChild(this.panel.element),this.viewport=new Oe(this.renderer.svg,this.renderer.viewport),this.renderer.svg.addEventListener("click",r=>this.onClick(r)),this.renderer.svg.addEventListener("dblclick",r=>this.onDoubleClick(r)),this.resizeObserver=new ResizeObserver(()=>{this.fitPending&&this.drawnLayout!==null&&this.fit(!0)}),this.resizeObserver.observe(this.canvasArea),this.client=new Me(t.workerUrl),this.applyTheme(),this.setState("empty"),e.appendChild(this.root)}async setStructure(e){let t;try{t=Vt(e)}catch(s){throw this.showError(s instanceof Error?s.message:String(s)),s}this.model!==null&&this.tree!==null&&t.hash!==""&&t.hash===this.model.hash||(this.generation++,this.model=t,this.tree=St(t),this.expanded=Ue(this.tree),this.selected=null,this.panel.show(t,null),this.client.clearCache(),this.drawnKey=null,this.drawnLayout=null,this.renderer.clear(),this.fitPending=!0,this.anchor=null,this.revealTarget=null,this.applySearch(!1));let n=this.whenReady();return this.refresh(),n}setStep(e){this.panel.setStep(e)}select(e){if(e===null||this.model===null||this.tree===null){this.selectNode(null,!1);return}let t=this.model.nodeByLayer.get(e);this.selectNode(t===void 0?null:this.tree.byGraphId[t],!1,!0)}search(e){this.query=e,this.applySearch(!0)}exportSVG(){return Et(this.renderer.svg,this.renderer.viewport,this.renderer.bounds,this.theme.background)}exportPNG(){try{return Nt(this.exportSVG())}catch(e){return Promise.reject(e)}}setDark(e){let t=e?Je:Ye;t!==this.theme&&(this.theme=t,this.applyTheme(),this.panel.setTheme(t),this.drawnLayout!==null&&this.model!==null&&this.tree!==null&&(this.renderer.draw(this.model,this.tree,this.expanded,this.drawnLayout,this.theme),this.applyHighlight()))}destroy(){if(!this.destroyed){this.destroyed=!0,this.client.destroy(),this.viewport.destroy(),this.resizeObserver.disconnect(),this.busyTimer!==null&&clearTimeout(this.busyTimer),this.root.remove();for(let e of this.waiters.splice(0))e.resolve()}}toggle(e){if(!C(e)||e.children.length===0)return;let t=this.renderer.rectOf(e.id);t!==void 0&&(this.anchor={id:e.id,screen:this.viewport.toScreen(t.x,t.y)}),this.expanded.has(e.id)?this.expanded.delete(e.id):this.expanded.add(e.id),this.refresh()}resetExpansion(){this.tree!==null&&(this.expanded=Ue(this.tree),this.fitPending=!0,this.refresh())}currentKey(){return`${this.generation}|${Tt(this.expanded)}`}async refresh(){let{model:e,tree:t}=this;if(e===null||t===null||this.destroyed)return;let r=this.currentKey();if(r===this.drawnKey){this.afterDraw();return}let n=this.client.cached(r);if(n===void 0){this.setState("layout"),this.showBusySoon();let s=Pt(e,t,this.expanded,Ot(e,t,this.expanded),this.measure);try{n=await this.client.layout(r,s)}catch(a){if(a instanceof oe||this.destroyed)return;r===this.currentKey()&&this.showError(a instanceof Error?a.message:String(a));return}if(this.destroyed||r!==this.currentKey())return}this.renderer.draw(e,t,this.expanded,n,this.theme),this.drawnKey=r,this.drawnLayout=n,this.afterDraw()}afterDraw(){if(this.fitPending)this.fit(!0);else if(this.anchor!==null){let e=this.renderer.rectOf(this.anchor.id);e!==void 0&&this.viewport.pin(e.x,e.y,this.anchor.screen)}if(this.anchor=null,this.revealTarget!==null){let e=this.renderer.rectOf(this.revealTarget);e!==void 0&&!this.fitPending&&this.viewport.ensureVisible(e),this.revealTarget=null}this.applyHighlight(),this.clearBusy(),this.showMatchCount(),this.setState("ready");for(let e of this.waiters.splice(0))e.resolve()}fit(e=!1){let{width:t,height:r}=this.renderer.bounds;if(t<=0)return;let n=this.canvasArea.getBoundingClientRect();if(n.width<=0||n.height<=0){this.fitPending=!0;return}e?this.viewport.overview({x:0,y:0,width:t,height:r}):this.viewport.fit({x:0,y:0,width:t,height:r}),this.fitPending=!1}whenReady(){return new Promise((e,t)=>this.waiters.push({resolve:e,reject:t}))}selectNode(e,t,r=!1){if(this.model!==null){if(this.selected=e,this.panel.show(this.model,e),t){let n=e!==null&&e.kind==="module"?this.model.nodes[e.graphId].layer:null;this.options.onSelect(n)}if(e!==null&&r){if(this.revealTarget=e.id,Ke(this.expanded,e)){this.refresh();return}let n=this.renderer.rectOf(e.id);n!==void 0&&this.viewport.ensureVisible(n),this.revealTarget=null}this.applyHighlight()}}applySearch(e){if(!(this.model===null||this.tree===null)){this.matches=zt(this.model,this.tree,this.query);for(let[t,r]of this.matches.slice(0,Tr).entries()){let n=new Set(this.expanded);if(Ke(n,r)){if(t>0&&Lt(this.tree,n)>Mr)break;this.expanded=n}}this.revealTarget=this.matches.length>0?this.matches[0].id:null,e&&this.refresh()}}applyHighlight(){let e=new Set,t=new Set;for(let r of this.matches)this.renderer.isDrawn(r.id)?e.add(r.id):t.add(Mt(this.expanded,r).id);this.renderer.highlight({selected:this.selected?.id??null,matches:e,hiding:t},this.theme),this.root.setAttribute("data-matches",String(this.matches.length))}nodeOf(e){let r=(e.target instanceof Element?e.target.closest('[data-testid="graph-node"]'):null)?.getAttribute("data-id");return r?this.tree?.byId.get(r)??null:null}onClick(e){let t=this.nodeOf(e);if(t===null){this.selected!==null&&this.selectNode(null,!0);return}e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null?this.toggle(t):this.selectNode(t,!0)}onDoubleClick(e){let t=this.nodeOf(e),r=e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null;t!==null&&!r&&this.toggle(t)}addButton(e,t,r,n){let s=document.createElement("button");s.textContent=e,s.title=r,s.setAttribute("data-testid",t),s.addEventListener("click",n),this.toolbar.appendChild(s)}applyTheme(){this.root.style.background=this.theme.background,this.root.style.color=this.theme.text,this.root.setAttribute("data-theme",this.theme===Je?"dark":"light");for(let e of this.toolbar.querySelectorAll("button"))Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",font:"inherit",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",minWidth:"26px"});this.status.style.color=this.root.getAttribute("data-state")==="error"?this.theme.error:this.theme.mutedText}setState(e){this.root.setAttribute("data-state",e)}showBusySoon(){this.busyTimer===null&&(this.busyTimer=setTimeout(()=>{this.busyTimer=null,this.root.getAttribute("data-state")==="layout"&&(this.status.textContent="Laying out…")},Lr))}clearBusy(){this.busyTimer!==null&&clearTimeout(this.busyTimer),this.busyTimer=null,this.status.textContent="",this.status.style.color=this.theme.mutedText}showMatchCount(){if(this.query.trim()==="")return;let e=this.matches.length;this.status.textContent=e===0?"No matches":e===1?"1 match":`${e} matches`}showError(e){this.clearBusy(),this.setState("error"),this.status.textContent=e,this.status.style.color=this.theme.error;for(let t of this.waiters.splice(0))t.reject(new Error(e))}};function _t(i,e){return new Ze(i,e)}var Pe=class{constructor(e){d(this,"element");d(this,"view");d(this,"container");d(this,"message");d(this,"searchInput");d(this,"structureHash",null);d(this,"modelName","model");d(this,"layoutGeneration",0);this.searchInput=l("input",{class:"mv-search",testid:"graph-search",attrs:{type:"search",placeholder:"Search modules and ops","aria-label":"Search the graph"},on:{input:()=>this.view.search(this.searchInput.value)}});let t=(n,s,a,o)=>l("button",{class:"mv-button",testid:s,title:a,attrs:{type:"button"},on:{click:o}},A("download",14),n);this.container=l("div",{class:"mv-graph-host",testid:"graph-host"}),this.message=l("div",{class:"mv-graph-message",attrs:{role:"status"}}),this.message.hidden=!0,this.element=l("section",{class:"mv-view mv-graph"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},A("search",14),this.searchInput),l("span",{class:"mv-muted mv-hint"},"Click a module to select it, double-click to open it"),l("span",{class:"mv-spacer"}),t("SVG","export-svg","Download the graph as it is shown, as SVG",()=>this.exportSvg()),t("PNG","export-png","Download the graph as it is shown, as PNG",()=>{this.exportPng()})),l("div",{class:"mv-graph-stage"},this.container,this.message));let r=new URL("./static/layout_worker.js",document.baseURI).href;this.view=_t(this.container,{workerUrl:r,onSelect:n=>e.onSelect(n),onOpenActivations:n=>e.onOpenActivations(n),renderThumbnail:(n,s)=>e.renderThumbnail(n,s)})}async setStructure(e){if(e.hash===this.structureHash)return;this.structureHash=e.hash,this.modelName=e.model_type||"model";let t=++this.layoutGeneration;this.showMessage(null,!1);try{await this.view.setStructure(e)}catch{t===this.layoutGeneration&&(this.structureHash=null)}}setStep(e){this.view.setStep(e)}select(e){this.view.select(e)}setDark(e){this.view.setDark(e)}showMessage(e,t){this.message.hidden=e===null,this.message.classList.toggle("is-error",t),x(this.message,e??"")}exportSvg(){let e=this.view.exportSVG();Z(new Blob([e],{type:"image/svg+xml"}),`${this.modelName}-graph.svg`)}async exportPng(){try{Z(await this.view.exportPNG(),`${this.modelName}-graph.png`)}catch(e){this.showMessage(`PNG export failed: ${e.message}`,!0)}}};function Ft(i){let e=i==null?"":typeof i=="string"?i:JSON.stringify(i);return/^[=+\-@\t\r]/.test(e)&&typeof i=="string"&&(e="'"+e),/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}var Er=["key","name","type","depth","parent","call","calls","input_shapes","output_shapes","params","params_total","trainable","frozen","flops","output_bytes","kernel_size","stride","groups","out_mean","out_std","out_zeros"];function jt(i,e,t){let r=[Er.join(",")];for(let n of i){let s=t?.activations[n.key];r.push([n.key,n.name,n.type,n.depth,n.parent,n.call,n.calls,n.input_shapes,n.output_shapes,n.params,n.params_total,n.trainable,n.frozen,n.flops,n.output_bytes,n.kernel_size,n.stride,n.groups,s?.mean,s?.std,s?.zeros].map(Ft).join(","))}return r.push(["total","","","","","",e.module_calls,"","",e.params,e.params,e.trainable,e.frozen,e.flops,e.output_bytes].map(Ft).join(",")),r.join(`\r
`)+`\r
`}function Ut(i){let e=new Map,t=new Map;for(let o of i){let c={row:o,parent:null,children:[],depth:0};e.set(o.key,c),t.has(o.name)||t.set(o.name,c)}let r=[];for(let o of e.values()){let c=o.row.parent!==null?e.get(o.row.parent)??null:null;!c&&o.row.parent!==null&&(c=Nr(o.row.name,t)),c===o&&(c=null),o.parent=c,(c?c.children:r).push(o)}let n=[],s=new Set,a=(o,c)=>{if(!s.has(o)){s.add(o),o.depth=c,n.push(o);for(let p of o.children)a(p,c+1)}};for(let o of r)a(o,0);for(let o of e.values())s.has(o)||(o.parent?.children.splice(o.parent.children.indexOf(o),1),o.parent=null,r.push(o),a(o,0));return{roots:r,byKey:e,ordered:n}}function Nr(i,e){let t=i;for(;t!=="";){let r=t.lastIndexOf(".");t=r<0?"":t.slice(0,r);let n=e.get(t);if(n&&n.row.name!==i)return n}return null}var he=[{id:"type",label:"Type",title:"Module class",numeric:!1,sortValue:i=>i.row.type,cell:i=>({text:i.row.type,title:i.row.extra?`${i.row.type}(${i.row.extra})`:i.row.type})},{id:"output",label:"Output shape",title:"Shapes of the tensors this call returned",numeric:!1,sortValue:i=>(i.row.output_shapes?.[0]??[]).reduce((e,t)=>e*t,1),cell:i=>({text:ie(i.row.output_shapes),muted:i.row.calls===0})},{id:"params",label:"Params",title:"Parameters in this module's subtree (shared parameters counted once)",numeric:!0,sortValue:i=>i.row.params_total,cell:i=>i.row.params_total?{text:P(i.row.params_total),title:`${E(i.row.params_total)} parameters (${E(i.row.params)} registered directly)`}:{text:"–",muted:!0},total:i=>({text:P(i.params),title:`${E(i.params)} parameters`,exact:i.params})},{id:"trainable",label:"Trainable",title:"Parameters with requires_grad in this module's subtree",numeric:!0,sortValue:i=>i.row.trainable,cell:i=>{if(!i.row.params_total)return{text:"–",muted:!0};let e=`${E(i.row.trainable)} trainable, ${E(i.row.frozen)} frozen`;return i.row.trainable===0?{text:"frozen",title:e,muted:!0}:{text:P(i.row.trainable)+(i.row.frozen?" *":""),title:e}},total:i=>({text:P(i.trainable),title:`${E(i.trainable)} trainable, ${E(i.frozen)} frozen`,exact:i.trainable})},{id:"flops",label:"FLOPs",title:"Floating-point operations of this call, children included",numeric:!0,sortValue:i=>i.row.flops,cell:i=>i.row.flops?{text:re(i.row.flops),title:`${E(i.row.flops)} FLOPs`}:{text:"–",muted:!0},total:i=>({text:re(i.flops),title:`${E(i.flops)} FLOPs in one forward pass`,exact:i.flops})},{id:"output_bytes",label:"Output size",title:"Bytes of the tensors this call returned",numeric:!0,sortValue:i=>i.row.output_bytes,cell:i=>i.row.output_bytes?{text:I(i.row.output_bytes),title:`${E(i.row.output_bytes)} bytes`}:{text:"–",muted:!0},total:i=>({text:I(i.output_bytes),title:`${E(i.output_bytes)} bytes returned by leaf calls`,exact:i.output_bytes})},{id:"kernel",label:"Kernel",title:"Kernel size, stride (/s) and groups (g)",numeric:!1,sortValue:i=>Ie(i.row.kernel_size,i.row.stride,i.row.groups),cell:i=>({text:Ie(i.row.kernel_size,i.row.stride,i.row.groups)})},{id:"std",label:"Out std",title:"Standard deviation of this call's output at the selected step",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.std??null,cell:(i,e)=>{let t=e?.activations[i.row.key];if(!t)return{text:"–",muted:!0};let r=t.nan+t.inf;return{text:r?`${r} non-finite`:w(t.std),title:`mean ${w(t.mean)}, std ${w(t.std)}, min ${w(t.min)}, max ${w(t.max)}`,warn:r>0}}},{id:"zeros",label:"Zeros",title:"Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",numeric:!0,sortValue:(i,e)=>e?.activations[i.row.key]?.zeros??null,cell:(i,e)=>{let t=e?.activations[i.row.key]?.zeros;return t==null?{text:"–",muted:!0}:{text:ye(t),warn:t>.9}}}],He=class{constructor(e){d(this,"handlers",e);d(this,"element");d(this,"structure",null);d(this,"step",null);d(this,"tree",null);d(this,"expanded",new Set);d(this,"selected",null);d(this,"sort",null);d(this,"flat",!1);d(this,"filterText","");d(this,"filterInput");d(this,"modeButton");d(this,"countLabel");d(this,"head");d(this,"body");d(this,"foot");d(this,"scroller");this.filterInput=l("input",{class:"mv-search",testid:"layer-filter",attrs:{type:"search",placeholder:"Filter by name or type","aria-label":"Filter layers"},on:{input:()=>{this.filterText=this.filterInput.value.trim().toLowerCase(),this.renderBody()}}}),this.modeButton=l("button",{class:"mv-button",testid:"layers-flat-toggle",attrs:{type:"button","aria-pressed":"false"},title:"Show only leaf modules in one list (sorting then ranks all of them)",on:{click:()=>{this.flat=!this.flat,this.modeButton.setAttribute("aria-pressed",String(this.flat)),this.modeButton.classList.toggle("is-active",this.flat),this.renderBody()}}},"Leaves only"),this.countLabel=l("span",{class:"mv-muted mv-count"});let t=(r,n,s,a)=>l("button",{class:"mv-button",title:n,testid:a,attrs:{type:"button"},on:{click:s}},r);this.head=l("thead"),this.body=l("tbody"),this.foot=l("tfoot"),this.scroller=l("div",{class:"mv-table-scroll"},l("table",{class:"mv-table",testid:"layer-table"},this.head,this.body,this.foot)),this.element=l("section",{class:"mv-view mv-layers"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},A("search",14),this.filterInput),t("Expand all","Expand every module",()=>this.expandAll(!0)),t("Collapse","Show only the top-level modules",()=>this.expandAll(!1)),this.modeButton,this.countLabel,l("span",{class:"mv-spacer"}),l("button",{class:"mv-button",testid:"download-csv",title:"Download the layer table with exact numbers",attrs:{type:"button"},on:{click:()=>this.downloadCsv()}},A("download",14),"CSV")),this.scroller),this.renderHead()}setStructure(e){if(this.structure?.hash===e.hash&&this.structure===e)return;let t=this.structure===null;if(this.structure=e,this.tree=Ut(e.layers),t||this.expanded.size===0)for(let r of this.tree.ordered)r.depth<2&&r.children.length&&this.expanded.add(r.row.key);this.renderBody(),this.renderFoot()}setStep(e){this.step=e,this.tree&&this.renderBody()}select(e){this.selected=e;let t=e?this.tree?.byKey.get(e):void 0,r=!1;for(let n=t?.parent;n;n=n.parent)this.expanded.has(n.row.key)||(this.expanded.add(n.row.key),r=!0);r&&this.renderBody();for(let n of this.body.querySelectorAll("tr[data-key]")){let s=n.dataset.key===e;n.classList.toggle("is-selected",s),s&&this.element.isConnected&&this.element.offsetParent&&n.scrollIntoView({block:"nearest"})}}expandAll(e){if(this.tree){this.expanded.clear();for(let t of this.tree.ordered)t.children.length&&(e||t.depth===0)&&this.expanded.add(t.row.key);this.renderBody()}}renderHead(){let e=(t,r,n,s)=>{let a=this.sort?.column===t;return l("th",{class:(s?"is-numeric ":"")+(a?"is-sorted":""),title:`${n}. Click to sort.`,attrs:{scope:"col","aria-sort":a?this.sort.descending?"descending":"ascending":"none"},on:{click:()=>this.toggleSort(t,s)}},r,a?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null)};x(this.head,l("tr",{},e("name","Layer","Qualified module name",!1),...he.map(t=>e(t.id,t.label,t.title,t.numeric))))}toggleSort(e,t){this.sort?.column!==e?this.sort={column:e,descending:t}:this.sort.descending===t?this.sort={column:e,descending:!t}:this.sort=null,this.renderHead(),this.renderBody()}compare(){let e=this.sort;if(!e)return null;let t=he.find(s=>s.id===e.column),r=s=>t?t.sortValue(s,this.step):s.row.name,n=e.descending?-1:1;return(s,a)=>{let o=r(s),c=r(a);return o==null?c==null?0:1:c==null?-1:typeof o=="number"&&typeof c=="number"?n*(o-c):n*String(o).localeCompare(String(c),void 0,{numeric:!0})}}matches(e){if(!this.filterText)return!0;let t=e.row;return t.name.toLowerCase().includes(this.filterText)||t.type.toLowerCase().includes(this.filterText)}visibleRows(){let e=this.tree;if(!e)return[];let t=this.compare();if(this.flat){let o=e.ordered.filter(c=>c.children.length===0&&this.matches(c));return t&&o.sort(t),o.map(c=>({node:c,matched:!0}))}let r=this.filterText!=="",n=new Set;if(r){for(let o of e.ordered)if(this.matches(o))for(let c=o;c&&!n.has(c);c=c.parent)n.add(c)}let s=[],a=o=>{let c=t?[...o].sort(t):o;for(let p of c)r&&!n.has(p)||(s.push({node:p,matched:this.matches(p)}),p.children.length&&(r||this.expanded.has(p.row.key))&&a(p.children))};return a(e.roots),s}renderBody(){let e=this.visibleRows(),t=document.createDocumentFragment();for(let{node:n,matched:s}of e)t.appendChild(this.renderRow(n,s));e.length===0&&this.tree&&t.appendChild(l("tr",{},l("td",{class:"mv-table-empty",attrs:{colspan:he.length+1}},this.filterText?"No layer matches the filter.":"This model has no layers."))),x(this.body),this.body.appendChild(t);let r=this.tree?.ordered.length??0;this.countLabel.textContent=this.filterText||this.flat?`${e.length} of ${r} rows`:`${r} rows`}renderRow(e,t){let r=e.row,n=e.children.length>0,s=this.expanded.has(r.key)||this.filterText!==""&&!this.flat,a=n&&!this.flat?l("button",{class:"mv-tree-toggle"+(s?" is-open":""),testid:"layer-toggle",attrs:{type:"button","aria-label":s?"Collapse":"Expand","aria-expanded":String(s)},on:{click:g=>{g.stopPropagation(),this.expanded.has(r.key)?this.expanded.delete(r.key):this.expanded.add(r.key),this.renderBody()}}},A("chevron",14)):l("span",{class:"mv-tree-spacer"}),o=r.name===""&&r.parent===null,c=o?this.structure?.model_type??"model":this.flat?r.name:we(r.name,e.parent?.row.name),p=l("td",{class:"mv-name-cell",title:o?"The whole model":r.name},l("div",{class:"mv-name",style:{paddingLeft:`${this.flat?0:e.depth*16}px`}},a,l("span",{class:"mv-name-text"+(o?" is-root":"")},c),r.calls>1?l("span",{class:"mv-badge",title:`This module runs ${r.calls} times per forward pass`},`call ${r.call+1}/${r.calls}`):null,r.calls===0?l("span",{class:"mv-badge is-muted",title:"Registered but never called in the recorded forward pass"},"not run"):null,r.node!==null?l("button",{class:"mv-row-action",testid:"open-activations",title:"Show this layer's activations",attrs:{type:"button","aria-label":"Show activations"},on:{click:g=>{g.stopPropagation(),this.handlers.onOpenActivations(r.key)}}},A("activations",13)):null)),u=he.map(g=>{let h=g.cell(e,this.step);return l("td",{class:(g.numeric?"is-numeric":"")+(h.muted?" is-muted":"")+(h.warn?" is-warn":""),title:h.title},h.text)});return l("tr",{testid:"layer-row",class:(r.key===this.selected?"is-selected":"")+(t?"":" is-context")+(r.calls===0?" is-not-run":""),dataset:{key:r.key,depth:String(e.depth)},on:{click:()=>this.handlers.onSelect(r.key),dblclick:()=>{r.node!==null&&this.handlers.onOpenActivations(r.key)}}},p,...u)}renderFoot(){let e=this.structure;if(!e)return;let t=e.totals,r=he.map(s=>{if(s.id==="type")return l("td",{class:"is-muted"},`${E(t.module_calls)} module calls`);if(!s.total)return l("td");let a=s.total(t);return l("td",{class:"is-numeric",title:a.title,dataset:{total:s.id,exact:String(a.exact)}},a.text)}),n=Object.entries(t.param_bytes??{}).map(([s,a])=>`${I(a)} ${s}`).join(", ");x(this.foot,l("tr",{testid:"totals-row"},l("td",{title:n?`Parameter memory: ${n}; buffers ${I(t.buffer_bytes)}`:void 0},"Total"),...r))}downloadCsv(){if(!this.structure||!this.tree)return;let e=jt(this.tree.ordered.map(t=>t.row),this.structure.totals,this.step);Z(new Blob([e],{type:"text/csv;charset=utf-8"}),`${this.structure.model_type||"model"}-layers.csv`)}};var $r=900,Ve=class{constructor(e){d(this,"root");d(this,"store",new be);d(this,"bridge",new me);d(this,"toolbar");d(this,"main");d(this,"overlay");d(this,"graph");d(this,"layers");d(this,"activations");d(this,"viewElements");d(this,"selection",{run:null,tag:null,step:null,view:"graph",layer:null});d(this,"requested",{});d(this,"runs",[]);d(this,"structure",null);d(this,"structureRun","");d(this,"stepDoc",null);d(this,"loadGeneration",0);d(this,"loading",!1);d(this,"playing",!1);d(this,"playTimer");d(this,"followLatest",!0);this.root=e,this.toolbar=new xe({onRun:t=>this.chooseRun(t),onTag:t=>this.chooseTag(t),onStep:t=>{this.stopPlaying(),this.chooseStep(t)},onTogglePlay:()=>this.playing?this.stopPlaying():this.startPlaying(),onView:t=>this.showView(t)}),this.graph=new Pe({onSelect:t=>this.selectLayer(t,"graph"),onOpenActivations:t=>this.openActivations(t),renderThumbnail:(t,r)=>this.renderThumbnail(t,r)}),this.layers=new He({onSelect:t=>this.selectLayer(t,"layers"),onOpenActivations:t=>this.openActivations(t)}),this.activations=new Te(this.store,{onSelect:t=>this.selectLayer(t,"activations"),onStep:t=>{this.stopPlaying(),this.chooseStep(t)}}),this.viewElements={graph:this.graph.element,layers:this.layers.element,activations:this.activations.element},this.overlay=l("div",{class:"mv-overlay",testid:"message"}),this.main=l("main",{class:"mv-main"},this.graph.element,this.layers.element,this.activations.element,this.overlay),x(this.root,this.toolbar.element,this.main),this.showView("graph",!1),ot(t=>{document.documentElement.classList.toggle("mv-dark",t),this.graph.setDark(t)}),this.bridge.onDataReloaded(()=>{this.reload()})}async start(){this.showOverlay(fe("Loading runs…"));let e=bt()??Se(await this.bridge.urlData());this.requested={...e,...vt()},this.requested.view&&this.showView(this.requested.view,!1),this.requested.layer&&(this.selection.layer=this.requested.layer),await this.loadRuns()}async loadRuns(){this.showOverlay(fe("Loading runs…"));try{this.runs=(await this.store.runs()).runs??[]}catch(e){this.showOverlay(Be("Could not list the runs",e.message,()=>{this.loadRuns()}));return}this.applyRuns()}applyRuns(){let e=this.runs.filter(o=>o.tags.some(c=>c.steps.length>0));if(this.toolbar.setHasData(e.length>0),e.length===0){this.selection.run=this.selection.tag=this.selection.step=null,this.showOverlay(at());return}let t=this.requested,r=e.find(o=>o.run===(this.selection.run??t.run))??e[0],n=r.run===this.selection.run?this.selection.tag:t.tag,s=r.tags.find(o=>o.tag===n&&o.steps.length)??r.tags.find(o=>o.steps.length),a;this.selection.step!==null&&r.run===this.selection.run&&s.tag===this.selection.tag&&!this.followLatest?a=Kt(s.steps,this.selection.step):this.selection.step===null&&t.step!==void 0?(a=Kt(s.steps,t.step),this.followLatest=a===s.steps[s.steps.length-1]):a=s.steps[s.steps.length-1],this.selection.run=r.run,this.selection.tag=s.tag,this.toolbar.setRuns(e,r.run,s.tag),this.toolbar.setSteps(s.steps,a),this.loadStep(a)}steps(){return this.runs.find(t=>t.run===this.selection.run)?.tags.find(t=>t.tag===this.selection.tag)?.steps??[]}chooseRun(e){this.stopPlaying(),this.selection.run=e,this.selection.tag=null,this.selection.step=null,this.followLatest=!0,this.requested={},this.applyRuns()}chooseTag(e){this.stopPlaying(),this.selection.tag=e,this.selection.step=null,this.followLatest=!0,this.requested={run:this.selection.run??void 0,tag:e},this.applyRuns()}chooseStep(e){let t=this.steps();this.followLatest=e===t[t.length-1],this.loadStep(e)}async reload(){let e;try{e=(await this.store.runs()).runs??[]}catch{return}if(this.store.invalidate(),this.runs=e,this.playing){let t=this.steps();this.toolbar.setSteps(t,this.selection.step??t[0]);return}this.applyRuns()}async loadStep(e){let t=this.selection.run,r=this.selection.tag;if(t===null||r===null)return;let n=++this.loadGeneration,s={run:t,tag:r,step:e},a=this.stepDoc&&this.selection.step===e&&this.stepDoc.tag===r&&this.structure;this.selection.step=e,this.writeUrl(),this.setLoading(!0),this.structure||this.showOverlay(fe(`Loading step ${e} of ${t}…`));try{let o=await this.store.step(s),c=this.structure&&this.structure.hash===o.structure&&this.structureRun===t+"\0"+r?this.structure:await this.store.structure(s,o.structure);if(n!==this.loadGeneration||(this.showOverlay(null),a&&o.wall_time===this.stepDoc?.wall_time&&c===this.structure))return;this.apply(s,c,o)}catch(o){if(n!==this.loadGeneration||ue(o))return;this.stopPlaying(),this.structure=null,this.stepDoc=null,this.toolbar.setSummary(null),this.showOverlay(Be(`Could not load step ${e} of run “${t}”`,o.message,()=>{this.loadStep(e)}))}finally{n===this.loadGeneration&&this.setLoading(!1)}}apply(e,t,r){let n=t!==this.structure;this.structure=t,this.structureRun=e.run+"\0"+e.tag,this.stepDoc=r,this.toolbar.setStepDetail(r.wall_time??null),n&&(this.toolbar.setSummary(t),this.selection.layer&&!t.layers.some(s=>s.key===this.selection.layer)&&(this.selection.layer=null),this.layers.setStructure(t),this.graph.setStructure(t).then(()=>{this.structure===t&&this.graph.select(this.selection.layer)})),this.layers.setStep(r),this.graph.setStep(r),this.activations.setData(t,r,e),this.layers.select(this.selection.layer),this.activations.setLayer(this.selection.layer)}setLoading(e){this.loading=e,this.toolbar.setLoading(e)}startPlaying(){let e=this.steps();e.length<2||(this.selection.step===e[e.length-1]&&(this.toolbar.setSteps(e,e[0]),this.loadStep(e[0])),this.playing=!0,this.toolbar.setPlaying(!0),this.scheduleTick())}stopPlaying(){this.playing=!1,window.clearTimeout(this.playTimer),this.toolbar.setPlaying(!1)}scheduleTick(){window.clearTimeout(this.playTimer),this.playTimer=window.setTimeout(()=>this.tick(),$r)}tick(){if(!this.playing)return;if(this.loading){this.scheduleTick();return}let e=this.steps(),t=e.indexOf(this.selection.step??NaN);if(t<0||t>=e.length-1){this.stopPlaying();return}let r=e[t+1];this.toolbar.setSteps(e,r),this.chooseStep(r);let n=e[t+2];n!==void 0&&this.selection.run&&this.selection.tag&&this.store.step({run:this.selection.run,tag:this.selection.tag,step:n}).catch(()=>{}),this.scheduleTick()}showView(e,t=!0){this.selection.view=e,this.toolbar.setView(e);for(let r of _e)this.viewElements[r].hidden=r!==e;this.activations.setVisible(e==="activations"),t&&this.writeUrl()}selectLayer(e,t){this.selection.layer=e,t!=="graph"&&this.graph.select(e),this.layers.select(e),this.activations.setLayer(e),this.writeUrl()}openActivations(e){this.selectLayer(e,"layers"),this.showView("activations")}async renderThumbnail(e,t){let{run:r,tag:n,step:s}=this.selection;if(r===null||n===null||s===null)throw new Error("no step is selected");st(t,await this.store.sample({run:r,tag:n,step:s},e))}writeUrl(){let{run:e,tag:t,step:r,view:n,layer:s}=this.selection;yt({run:e??void 0,tag:t??void 0,step:r??void 0,view:n,layer:s??void 0})}showOverlay(e){this.overlay.hidden=e===null,x(this.overlay,e)}};function Kt(i,e){let t=i[0];for(let r of i)Math.abs(r-e)<Math.abs(t-e)&&(t=r);return t}var Wt=`/* tensorboard_modelviz dashboard. Colours are variables so TensorBoard's dark mode is one class. */

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
`;function _n(){let i=document.createElement("style");i.textContent=Wt,document.head.appendChild(i);let e=document.createElement("div");e.className="mv-app",document.body.appendChild(e),new Ve(e).start()}export{_n as render};
