var ks=Object.defineProperty;var Ts=(s,e,t)=>e in s?ks(s,e,{enumerable:!0,configurable:!0,writable:!0,value:t}):s[e]=t;var c=(s,e,t)=>Ts(s,typeof e!="symbol"?e+"":e,t);var xe=class extends Error{constructor(t,r){super(t);c(this,"status",r);this.name="ApiError"}},dr=Ms();function Ms(){let s=typeof document>"u"?null:document.getElementById("modelviz-snapshot");if(!s?.textContent)return null;try{return new Map(Object.entries(JSON.parse(s.textContent)))}catch{return null}}function Ls(s,e){let t=Object.entries(e).map(([r,n])=>[r,String(n)]).sort(([r],[n])=>r<n?-1:r>n?1:0);return JSON.stringify([s,t])}async function q(s,e={},t){if(dr){let o=dr.get(Ls(s,e));if(o===void 0)throw new xe("This snapshot holds one step of one run (its graph, layer table, statistics, activation maps and alerts); open the run in TensorBoard for the rest.",404);return o}let r=new URLSearchParams;for(let[o,d]of Object.entries(e))r.set(o,String(d));let n="./"+s+(r.toString()?"?"+r.toString():""),i;try{i=await fetch(n,{signal:t,headers:{Accept:"application/json"}})}catch(o){throw o.name==="AbortError"?o:new xe("Could not reach the TensorBoard server. Is it still running?",0)}let a=null;try{a=await i.json()}catch{a=null}if(!i.ok){let o=a&&typeof a=="object"&&typeof a.error=="string"?a.error:`The server answered ${i.status} ${i.statusText||""}`.trim()+` for ${s}.`;throw new xe(o,i.status)}if(a===null||typeof a!="object")throw new xe(`The server sent something that is not JSON for ${s}.`,i.status);return a}var U={runs:s=>q("runs",{},s),structure:(s,e)=>q("structure",{run:s.run,tag:s.tag,step:s.step},e),step:(s,e)=>q("step",{run:s.run,tag:s.tag,step:s.step},e),activation:(s,e,t)=>q("activation",{run:s.run,tag:s.tag,step:s.step,layer:e},t),statMatrix:(s,e,t)=>q("stat_matrix",{run:s,tag:e,statistic:t}),layerTrends:(s,e,t)=>q("layer_trends",{run:s,tag:e,layer:t}),alerts:(s,e)=>q("alerts",{run:s,tag:e}),histograms:(s,e,t)=>q("histograms",{run:s,tag:e,layer:t}),stepDiff:(s,e)=>q("step_diff",cr(s,e)),architectureDiff:(s,e)=>q("architecture_diff",cr(s,e))};function cr(s,e){return{run:s.run,tag:s.tag,step:s.step,run_b:e.run,tag_b:e.tag,step_b:e.step}}function we(s){return s instanceof Error&&s.name==="AbortError"}function l(s,e={},...t){let r=document.createElement(s);if(e.class&&(r.className=e.class),e.testid&&(r.dataset.testid=e.testid),e.title&&(r.title=e.title),e.style&&Object.assign(r.style,e.style),e.dataset&&Object.assign(r.dataset,e.dataset),e.attrs)for(let[n,i]of Object.entries(e.attrs))i==null||i===!1||r.setAttribute(n,i===!0?"":String(i));if(e.on)for(let[n,i]of Object.entries(e.on))r.addEventListener(n,i);return pr(r,...t),r}function pr(s,...e){for(let t of e)t==null||t===!1||s.appendChild(typeof t=="string"||typeof t=="number"?document.createTextNode(String(t)):t)}function y(s,...e){s.textContent="",pr(s,...e)}function Oe(s,e){let t=URL.createObjectURL(s),r=l("a",{attrs:{href:t,download:e},style:{display:"none"}});document.body.appendChild(r),r.click(),r.remove(),setTimeout(()=>URL.revokeObjectURL(t),1e4)}function G(s,e=16){let t="http://www.w3.org/2000/svg",{paths:r,filled:n}=Es[s],i=document.createElementNS(t,"svg");i.setAttribute("viewBox","0 0 24 24"),i.setAttribute("width",String(e)),i.setAttribute("height",String(e)),i.setAttribute("aria-hidden","true"),i.setAttribute("class",n?"icon icon-filled":"icon");for(let a of r){let o=document.createElementNS(t,"path");o.setAttribute("d",a),i.appendChild(o)}return i}var Es={play:{filled:!0,paths:["M8 5v14l11-7z"]},pause:{filled:!0,paths:["M6 5h4v14H6zM14 5h4v14h-4z"]},download:{filled:!1,paths:["M12 4v11m0 0l-5-5m5 5l5-5M5 20h14"]},search:{filled:!1,paths:["M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM20 20l-4.5-4.5"]},chevron:{filled:!1,paths:["M9 6l6 6l-6 6"]},activations:{filled:!1,paths:["M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z"]},retry:{filled:!1,paths:["M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"]}};var ur=["viridis","magma","gray","diverging"],Cs={viridis:["#440154","#482878","#3e4989","#31688e","#26828e","#1f9e89","#35b779","#6ece58","#b5de2b","#fde725"],magma:["#000004","#180f3d","#440f76","#721f81","#9e2f7f","#cd4071","#f1605d","#fd9668","#feca8d","#fcfdbf"],gray:["#000000","#ffffff"],diverging:["#053061","#2166ac","#4393c3","#92c5de","#d1e5f0","#f7f7f7","#fddbc7","#f4a582","#d6604d","#b2182b","#67001f"]};function Ns(s){let e=parseInt(s.slice(1),16);return[e>>16&255,e>>8&255,e&255]}var hr=new Map;function ne(s){let e=hr.get(s);if(e)return e;let t=Cs[s].map(Ns);e=new Uint8ClampedArray(256*3);for(let r=0;r<256;r++){let n=r/255*(t.length-1),i=Math.min(Math.floor(n),t.length-2),a=n-i;for(let o=0;o<3;o++)e[r*3+o]=t[i][o]+(t[i+1][o]-t[i][o])*a}return hr.set(s,e),e}function He(s,e){let t=ne(s),r=Math.max(0,Math.min(255,Math.round(e*255)))*3;return`rgb(${t[r]}, ${t[r+1]}, ${t[r+2]})`}function Je(s,e){s.width=256,s.height=1;let r=s.getContext("2d");if(!r)return;let n=r.createImageData(256,1),i=ne(e);for(let a=0;a<256;a++)n.data[a*4]=i[a*3],n.data[a*4+1]=i[a*3+1],n.data[a*4+2]=i[a*3+2],n.data[a*4+3]=255;r.putImageData(n,0,0)}function De(s){let e=Math.max(Math.abs(s.lo),Math.abs(s.hi))||1;return{lo:-e,hi:e}}function Se(s,e,t,r,n,i,a,o){s.width=Math.max(1,r),s.height=Math.max(1,n);let d=s.getContext("2d");if(!d||r===0||n===0)return;let h=ne(o),u=a.hi-a.lo||1,m=new Uint8Array(256);for(let f=0;f<256;f++){let x=(i.lo+f/255*(i.hi-i.lo)-a.lo)/u;m[f]=Math.max(0,Math.min(255,Math.round(x*255)))}let p=d.createImageData(r,n),g=p.data;for(let f=0;f<r*n;f++){let v=m[e[t+f]]*3;g[f*4]=h[v],g[f*4+1]=h[v+1],g[f*4+2]=h[v+2],g[f*4+3]=255}d.putImageData(p,0,0)}function ie(s){let e=s.shape;return s.layout==="chw"?{planes:e[1],height:e[2],width:e[3]}:s.layout==="tf"?{planes:1,height:e[1],width:e[2]}:{planes:1,height:1,width:e[1]}}function ue(s,e,t){let{planes:r,width:n,height:i}=ie(s);return(e*r+t)*n*i}function mr(s,e,t="viridis"){let{planes:r,width:n,height:i}=ie(e);if(s.style.width="100%",s.style.height="auto",s.style.imageRendering="pixelated",e.shape[0]===0||r===0||n===0||i===0)throw new Error("the sample is empty");if(e.layout==="vec"){let p=Math.max(1,Math.round(n/12)),g=document.createElement("canvas"),f={lo:e.lo[0][0],hi:e.hi[0][0]};Se(g,e.values,0,n,1,f,f,t),s.width=n,s.height=p;let v=s.getContext("2d");if(!v)return;v.imageSmoothingEnabled=!1,v.drawImage(g,0,0,n,p);return}let a=Math.min(r,16),o=Math.ceil(Math.sqrt(a)),d=Math.ceil(a/o),h=Math.max(1,Math.round(Math.max(n,i)/16));s.width=o*n+(o-1)*h,s.height=d*i+(d-1)*h;let u=s.getContext("2d");if(!u)return;let m=document.createElement("canvas");for(let p=0;p<a;p++){let g={lo:e.lo[0][p],hi:e.hi[0][p]};Se(m,e.values,ue(e,0,p),n,i,g,g,t),u.drawImage(m,p%o*(n+h),Math.floor(p/o)*(i+h))}}var me="modelviz",As="experimental.DataReloaded",$s="experimental.GetURLPluginData",Qe=class{constructor(){c(this,"port",null);c(this,"nextId",0);c(this,"pending",new Map);c(this,"reloadListeners",[]);if(window.parent===window)return;let e=new MessageChannel;this.port=e.port1,this.port.onmessage=t=>this.receive(t.data);try{window.parent.postMessage("experimental.bootstrap","*",[e.port2])}catch{this.port=null}}onDataReloaded(e){this.reloadListeners.push(e)}async urlData(){let e=await this.request($s,{pluginName:me},1500);if(!e||typeof e!="object")return{};let t={};for(let[r,n]of Object.entries(e))typeof n=="string"&&(t[r]=n);return t}request(e,t,r){let n=this.port;if(!n)return Promise.resolve(null);let i=this.nextId++;return new Promise(a=>{let o=setTimeout(()=>{this.pending.delete(i),a(null)},r);this.pending.set(i,d=>{clearTimeout(o),a(d)}),n.postMessage(JSON.stringify({type:e,id:i,payload:t,error:null,isReply:!1}))})}receive(e){let t;try{t=JSON.parse(String(e))}catch{return}if(t.isReply){let n=this.pending.get(t.id);this.pending.delete(t.id),n?.(t.error?null:t.payload);return}if(t.type===As)for(let n of this.reloadListeners)n();let r={type:t.type,id:t.id,payload:null,error:null,isReply:!0};this.port?.postMessage(JSON.stringify(r))}};function gr(s){let e=null;try{window.parent!==window&&(e=window.parent.document.body)}catch{e=null}if(e){let r=e,n=()=>s(r.classList.contains("dark-mode"));new MutationObserver(n).observe(r,{attributes:!0,attributeFilter:["class"]}),n();return}let t=window.matchMedia("(prefers-color-scheme: dark)");t.addEventListener("change",()=>s(t.matches)),s(t.matches)}function et(s){return l("div",{class:"mv-message",testid:"loading-state",attrs:{role:"status"}},l("div",{class:"mv-spinner"}),l("p",{},s))}function Vt(s,e,t){return l("div",{class:"mv-message is-error",testid:"error-state",attrs:{role:"alert"}},l("h2",{},s),l("p",{class:"mv-error-text",testid:"error-message"},e),l("button",{class:"mv-button",attrs:{type:"button"},on:{click:t}},G("retry",14),"Try again"))}function fr(){let s=(e,t=!1)=>l("span",{class:t?"mv-code-line is-highlight":"mv-code-line"},e);return l("div",{class:"mv-message",testid:"empty-state"},l("h2",{},"No model visualizations in this log directory yet"),l("p",{},"Record your model's graph, layer table and activations by adding one line to your training loop:"),l("pre",{class:"mv-code",testid:"empty-state-code"},s("from tensorboard_modelviz import SummaryWriter"),s(""),s('writer = SummaryWriter("runs/exp1")'),s("for step, (x, y) in enumerate(loader):"),s("    ...  # forward, backward, optimizer step"),s("    if step % 100 == 0:"),s("        writer.add_model_viz(model, x, step)",!0)),l("p",{class:"mv-muted"},"Data appears here after TensorBoard's next reload; press TensorBoard's reload button (top right) to check now."))}var ge=class{constructor(e){c(this,"capacity",e);c(this,"entries",new Map)}get(e){let t=this.entries.get(e);return t!==void 0&&(this.entries.delete(e),this.entries.set(e,t)),t}set(e,t){for(this.entries.delete(e),this.entries.set(e,t);this.entries.size>this.capacity;){let r=this.entries.keys().next().value;this.entries.delete(r)}}delete(e){this.entries.delete(e)}clear(){this.entries.clear()}};function W(...s){return s.join("\0")}function Rs(s){let e=atob(s),t=new Uint8Array(e.length);for(let r=0;r<e.length;r++)t[r]=e.charCodeAt(r);return t}function vr(s,e,t,r){let n=i=>typeof i=="number"&&Number.isFinite(i)?i:0;if(!Array.isArray(s)||s.length!==e)throw new Error(`activation sample: "${r}" does not have ${e} entries`);return s.map(i=>{if(Array.isArray(i)){if(i.length!==t)throw new Error(`activation sample: "${r}" does not have ${t} channels`);return i.map(n)}return[n(i)]})}var br={chw:4,tf:3,vec:2};function yr(s){let{layout:e,shape:t}=s;if(!(e in br))throw new Error(`activation sample: unknown layout "${String(e)}"`);if(!Array.isArray(t)||t.length!==br[e]||t.some(o=>!Number.isInteger(o)||o<0))throw new Error(`activation sample: shape ${JSON.stringify(t)} does not fit layout ${e}`);let r=Rs(s.data),n=t.reduce((o,d)=>o*d,1);if(r.length!==n)throw new Error(`activation sample: ${r.length} values for shape [${t.join(", ")}]`);let i=t[0],a=e==="chw"?t[1]:1;return{key:s.key,layout:e,shape:t,sourceShape:Array.isArray(s.source_shape)?s.source_shape:t,lo:vr(s.lo,i,a,"lo"),hi:vr(s.hi,i,a,"hi"),values:r}}function tt(s,e,t){return e+s/255*(t-e)}var rt=class{constructor(){c(this,"structures",new ge(8));c(this,"steps",new ge(64));c(this,"samples",new ge(96));c(this,"overTime",new ge(48))}runs(e){return U.runs(e)}step(e){let t=W(e.run,e.tag,e.step),r=this.steps.get(t);return r||(r=U.step(e).then(Hs),this.steps.set(t,r),r.catch(()=>this.steps.delete(t))),r}async structure(e,t){let r=t?this.structures.get(W(e.run,e.tag,t)):void 0;if(r)return r;let n=Os(await U.structure(e));return this.structures.set(W(e.run,e.tag,n.hash||t||String(e.step)),n),n}sample(e,t){let r=W(e.run,e.tag,e.step,t),n=this.samples.get(r);return n||(n=U.activation(e,t).then(yr),this.samples.set(r,n),n.catch(()=>this.samples.delete(r))),n}statMatrix(e,t,r){return this.remember(W("matrix",e,t,r),()=>U.statMatrix(e,t,r))}layerTrends(e,t,r){return this.remember(W("trends",e,t,r),()=>U.layerTrends(e,t,r))}histograms(e,t,r){return this.remember(W("histograms",e,t,r),()=>U.histograms(e,t,r))}alerts(e,t){return this.remember(W("alerts",e,t),()=>U.alerts(e,t))}stepDiff(e,t){return this.remember(W("step_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>U.stepDiff(e,t))}architectureDiff(e,t){return this.remember(W("arch_diff",e.run,e.tag,e.step,t.run,t.tag,t.step),()=>U.architectureDiff(e,t))}remember(e,t){let r=this.overTime.get(e);return r||(r=t(),this.overTime.set(e,r),r.catch(()=>this.overTime.delete(e))),r}invalidate(){this.steps.clear(),this.samples.clear(),this.overTime.clear()}},xr=s=>typeof s=="object"&&s!==null&&!Array.isArray(s);function Os(s){let e=["nodes","edges","layers"].filter(t=>!Array.isArray(s[t]));if(xr(s.totals)||e.push("totals"),e.length)throw new Error(`The structure document is incomplete (no ${e.join(", ")}); it may come from an incompatible writer.`);return s}function Hs(s){if(typeof s.structure!="string")throw new Error("The step document names no structure; it may come from an incompatible writer.");for(let e of["activations","params","grads","samples"])xr(s[e])||(s[e]={});return s}var wr=["","k","M","G","T","P","E"];function Bt(s,e,t){let r=0,n=Math.abs(s);for(;n>=e&&r<t.length-1;)n/=e,r++;let i=r===0?0:n<10?2:n<100?1:0;return[(s<0?"-":"")+n.toFixed(i).replace(/\.0+$/,""),t[r]]}function O(s){if(s==null)return"–";let[e,t]=Bt(s,1e3,wr);return t?`${e} ${t}`:e}function fe(s){if(s==null)return"–";if(s===0)return"0";let[e,t]=Bt(s,1e3,wr);return`${e} ${t}FLOPs`}function Q(s){if(s==null)return"–";let[e,t]=Bt(s,1024,["B","KiB","MiB","GiB","TiB","PiB"]);return`${e} ${t}`}function _(s){return s==null?"–":s.toLocaleString("en-US")}function K(s){return s?"["+s.join(", ")+"]":"–"}function _e(s){return!s||s.length===0?"–":s.map(K).join(" ")}function T(s){if(s==null)return"–";if(s===0)return"0";let e=Math.abs(s);return e>=1e5||e<.001?s.toExponential(2):Number(s.toPrecision(4)).toString()}function st(s,e,t){return Array.isArray(s)&&s.includes(e)&&t!=="–"?`≈ ${t}`:t}function ae(s){if(s==null)return"–";let e=s*100;return(e===0||e>=10?e.toFixed(0):e.toFixed(1))+" %"}function It(s,e,t){let r=i=>Array.isArray(i)?i.join("×"):String(i),n=[];return s!=null&&n.push(r(s)),e!=null&&(Array.isArray(e)?e:[e]).some(a=>a!==1)&&n.push("/"+r(e)),t&&t>1&&n.push("g"+t),n.join(" ")}function Sr(s){return s?new Date(s*1e3).toLocaleString():""}function nt(s,e){return e&&s.startsWith(e+".")?s.slice(e.length+1):s}var Ds=[["graph","Graph"],["layers","Layers"],["activations","Activations"],["trends","Trends"],["compare","Compare"],["alerts","Alerts"]],it=class{constructor(e){c(this,"element");c(this,"runSelect");c(this,"tagSelect");c(this,"tagField");c(this,"slider");c(this,"stepLabel");c(this,"stepDetail");c(this,"playButton");c(this,"stepField");c(this,"tabs",new Map);c(this,"alertCount");c(this,"summary");c(this,"progress");c(this,"steps",[]);this.runSelect=l("select",{testid:"run-select",attrs:{"aria-label":"Run"},on:{change:()=>e.onRun(this.runSelect.value)}}),this.tagSelect=l("select",{testid:"tag-select",attrs:{"aria-label":"Model tag"},on:{change:()=>e.onTag(this.tagSelect.value)}}),this.tagField=l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Model"),this.tagSelect),this.slider=l("input",{testid:"step-slider",class:"mv-slider",attrs:{type:"range",min:0,max:0,step:1,value:0,"aria-label":"Step"},on:{input:()=>{let r=this.steps[Number(this.slider.value)];r!==void 0&&(this.showStepLabel(r),e.onStep(r))}}}),this.playButton=l("button",{testid:"play-button",class:"mv-icon-button",title:"Play through the steps",attrs:{type:"button","aria-label":"Play"},on:{click:()=>e.onTogglePlay()}}),this.stepLabel=l("span",{class:"mv-step-value",testid:"step-value"}),this.stepDetail=l("span",{class:"mv-step-detail"}),this.stepField=l("div",{class:"mv-step"},this.playButton,l("span",{class:"mv-field-label"},"Step"),this.slider,l("span",{class:"mv-step-readout"},this.stepLabel,this.stepDetail));let t=l("nav",{class:"mv-tabs",attrs:{role:"tablist"}});for(let[r,n]of Ds){let i=l("button",{class:"mv-tab",testid:`tab-${r}`,dataset:{view:r},attrs:{type:"button",role:"tab"},on:{click:()=>e.onView(r)}},n);this.tabs.set(r,i),t.appendChild(i)}this.alertCount=l("span",{class:"mv-tab-count",testid:"alert-count"}),this.alertCount.hidden=!0,this.tabs.get("alerts").appendChild(this.alertCount),this.summary=l("div",{class:"mv-summary",testid:"model-summary"}),this.progress=l("div",{class:"mv-progress",attrs:{"aria-hidden":"true"}}),this.element=l("header",{class:"mv-toolbar"},l("div",{class:"mv-toolbar-row"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),this.tagField,this.stepField),l("div",{class:"mv-toolbar-row mv-toolbar-tabs"},t,this.summary),this.progress),this.setPlaying(!1)}setRuns(e,t,r){y(this.runSelect,...e.map(i=>l("option",{attrs:{value:i.run}},i.run))),this.runSelect.value=t,this.runSelect.title=t;let n=e.find(i=>i.run===t)?.tags??[];y(this.tagSelect,...n.map(i=>l("option",{attrs:{value:i.tag}},i.tag))),this.tagSelect.value=r,this.tagField.hidden=n.length<2}setSteps(e,t){this.steps=e,this.slider.max=String(Math.max(0,e.length-1));let r=e.indexOf(t);this.slider.value=String(Math.max(0,r)),this.slider.disabled=e.length<2,this.playButton.disabled=e.length<2,this.showStepLabel(t)}setStepDetail(e){let t=this.steps.indexOf(Number(this.stepLabel.dataset.step)),r=this.steps.length>1?`${t+1} of ${this.steps.length}`:"only step";this.stepDetail.textContent=e?`${r} · ${Sr(e)}`:r}showStepLabel(e){this.stepLabel.textContent=String(e),this.stepLabel.dataset.step=String(e)}setPlaying(e){y(this.playButton,G(e?"pause":"play",18)),this.playButton.title=e?"Pause":"Play through the steps",this.playButton.setAttribute("aria-label",e?"Pause":"Play"),this.playButton.classList.toggle("is-active",e)}setView(e){for(let[t,r]of this.tabs)r.classList.toggle("is-active",t===e),r.setAttribute("aria-selected",String(t===e))}setAlertCount(e){this.alertCount.hidden=e===null,this.alertCount.textContent=e===null?"":String(e),this.alertCount.classList.toggle("is-alert",(e??0)>0)}setLoading(e){this.progress.classList.toggle("is-loading",e)}setHasData(e){this.element.classList.toggle("is-empty",!e)}setSummary(e){if(!e){this.summary.textContent="";return}let t=e.totals,r=(i,a,o)=>l("span",{class:"mv-chip",title:o},l("span",{class:"mv-chip-label"},i),a),n=e.inputs[0];y(this.summary,l("span",{class:"mv-model-type",title:"Model class"},e.model_type),r("params",O(t.params),`${t.params.toLocaleString("en-US")} parameters, ${t.trainable.toLocaleString("en-US")} trainable`),r("compute",fe(t.flops),"Floating-point operations of one forward pass"),r("activations",Q(t.output_bytes),"Bytes returned by all leaf module calls in one forward pass"),n?r("input",K(n.shape),`${n.name}: ${n.dtype}`):null)}};var Gt=["graph","layers","activations","trends","compare","alerts"],_s=["run","tag","step","view","layer","stat","overlay","ref_run","ref_step"],ve=`p.${me}.`;function Be(s){let e=[];for(let t of s.replace(/^#/,"").split("&")){if(!t)continue;let r=t.indexOf("=");try{r<0?e.push([decodeURIComponent(t),""]):e.push([decodeURIComponent(t.slice(0,r)),decodeURIComponent(t.slice(r+1))])}catch{}}return e}function Pe(s){return s.map(([e,t])=>t===""&&!e.startsWith(ve)?encodeURIComponent(e):`${encodeURIComponent(e)}=${encodeURIComponent(t)}`).join("&")}function ot(s){let e={};return s.run&&(e.run=s.run),s.tag&&(e.tag=s.tag),s.step!==void 0&&/^-?\d+$/.test(s.step)&&(e.step=Number(s.step)),Gt.includes(s.view)&&(e.view=s.view),s.layer&&(e.layer=s.layer),s.stat&&(e.stat=s.stat),s.overlay&&(e.overlay=s.overlay),s.ref_run&&(e.ref_run=s.ref_run),s.ref_step!==void 0&&/^-?\d+$/.test(s.ref_step)&&(e.ref_step=Number(s.ref_step)),e}function Ft(){return ot(Object.fromEntries(Be(window.location.hash)))}function jt(){try{if(window.parent===window)return null;let s={};for(let[e,t]of Be(window.parent.location.hash))e.startsWith(ve)&&(s[e.slice(ve.length)]=t);return ot(s)}catch{return null}}function Ve(s){let e=[];for(let t of _s){let r=s[t];r!==void 0&&r!==""&&e.push([t,String(r)])}return e}function at(s,e){let t=new URL(s);return t.hash=e,t.href}function Ps(s,e="replace"){let t=Pe(Ve(s)),r=window.location.hash.replace(/^#/,"")!==t,n=r&&e==="push"&&kr(s,"push");if(r){let i=at(window.location.href,t);e==="push"&&!n&&!Vs()?history.pushState(history.state,"",i):history.replaceState(history.state,"",i)}n||kr(s,"replace")}function Tr(s){try{if(window.parent!==window){let e=window.parent,r=Be(e.location.hash).filter(([i])=>!i.startsWith(ve));(r.length===0||r[0][0]!==me)&&r.unshift([me,""]);let n=Ve(s).map(([i,a])=>[ve+i,a]);return at(e.location.href,Pe([...r,...n]))}}catch{}return at(window.location.href,Pe(Ve(s)))}function Vs(){try{return window.parent!==window}catch{return!0}}function kr(s,e){try{if(window.parent===window)return!1;let t=window.parent,r=Be(t.location.hash);if(r.length===0||r[0][0]!==me||r[0][1]!=="")return!1;let n=r.filter(([d])=>!d.startsWith(ve)),i=Ve(s).map(([d,h])=>[ve+d,h]),a=Pe([...n,...i]);if(t.location.hash.replace(/^#/,"")===a)return!1;let o=at(t.location.href,a);return e==="push"?t.history.pushState(t.history.state,"",o):t.history.replaceState(t.history.state,"",o),!0}catch{return!1}}function Mr(s){let e=zt(),t=()=>{if(!Bs())return;let n=zt();n!==e&&(e=n,s(Lr()))},r=[window];try{window.parent!==window&&(window.parent.location.hash,r.push(window.parent))}catch{}for(let n of r)n.addEventListener("popstate",t),n.addEventListener("hashchange",t);Er=()=>{e=zt()}}function Lr(){return jt()??Ft()}function zt(){return Pe(Ve(Lr()))}function Bs(){try{if(window.parent===window)return!0;let s=Be(window.parent.location.hash);return s.length>0&&s[0][0]===me&&s[0][1]===""}catch{return!0}}var Er=()=>{};function Cr(s,e="replace"){Ps(s,e),Er()}var Is="http://www.w3.org/2000/svg";function I(s,e,t){let r=document.createElementNS(Is,s);for(let[n,i]of Object.entries(e))r.setAttribute(n,String(i));return t?.appendChild(r),r}function ee(s,e,t,r,n,i="mv-axis-label"){let a=I("text",{x:e,y:t,"text-anchor":n,class:i},s);return a.textContent=r,a}function Nr(s,e,t=420,r=150){let n=I("svg",{viewBox:`0 0 ${t} ${r}`,class:"mv-chart",role:"img","aria-label":"Histogram of output values"}),i={left:8,right:8,top:8,bottom:22},a=t-i.left-i.right,o=r-i.top-i.bottom,d=s.counts??[],h=s.lo??0,u=s.hi??0,m=v=>e?Math.log10(1+v):v,p=Math.max(1e-12,...d.map(m)),g=d.length?a/d.length:a,f=d.reduce((v,x)=>v+x,0);if(d.forEach((v,x)=>{let b=m(v)/p*o,L=h+(u-h)*x/d.length,k=h+(u-h)*(x+1)/d.length,E=I("rect",{x:i.left+x*g+.5,y:i.top+o-b,width:Math.max(.5,g-1),height:Math.max(v>0?1:0,b),class:"mv-bar"},n);I("title",{},E).textContent=`[${T(L)}, ${T(k)}): ${v.toLocaleString("en-US")} values (${f?(100*v/f).toFixed(1):0} %)`}),I("line",{x1:i.left,x2:t-i.right,y1:i.top+o+.5,y2:i.top+o+.5,class:"mv-axis"},n),h<0&&u>0){let v=i.left+(0-h)/(u-h)*a;I("line",{x1:v,x2:v,y1:i.top,y2:i.top+o,class:"mv-zero-line"},n),v>i.left+40&&v<t-i.right-40&&ee(n,v,r-6,"0","middle")}return ee(n,i.left,r-6,T(h),"start"),ee(n,t-i.right,r-6,T(u),"end"),n}function Ar(s,e,t,r=420,n=150){let i=I("svg",{viewBox:`0 0 ${r} ${n}`,class:"mv-chart mv-history",role:"img","aria-label":"Output statistics over steps"}),a={left:48,right:10,top:8,bottom:22},o=r-a.left-a.right,d=n-a.top-a.bottom,h=s.filter(S=>S.mean!==null&&S.std!==null);if(h.length===0)return ee(i,r/2,n/2,"No statistics recorded for this layer","middle"),i;if(s.length<2)return ee(i,r/2,n/2,"One step so far: the history appears from the second step","middle"),i;let u=s.map(S=>S.step),m=Math.min(...u),p=Math.max(...u),g=1/0,f=-1/0;for(let S of h)g=Math.min(g,S.min??S.mean-S.std,S.mean-S.std),f=Math.max(f,S.max??S.mean+S.std,S.mean+S.std);g===f&&(g-=1,f+=1);let v=S=>a.left+(p===m?o/2:(S-m)/(p-m)*o),x=S=>a.top+d-(S-g)/(f-g)*d,b=S=>S.map(([B,V],J)=>`${J?"L":"M"}${v(B).toFixed(1)},${x(V).toFixed(1)}`).join(""),L=h.filter(S=>S.min!==null&&S.max!==null);if(L.length){let S=L.map(V=>[V.step,V.max]),B=L.map(V=>[V.step,V.min]).reverse();I("path",{d:b(S)+b(B).replace(/^M/,"L")+"Z",class:"mv-band-range"},i)}let k=h.map(S=>[S.step,S.mean+S.std]),E=h.map(S=>[S.step,S.mean-S.std]).reverse();I("path",{d:b(k)+b(E).replace(/^M/,"L")+"Z",class:"mv-band-std"},i),I("path",{d:b(h.map(S=>[S.step,S.mean])),class:"mv-line-mean"},i),g<0&&f>0&&I("line",{x1:a.left,x2:r-a.right,y1:x(0),y2:x(0),class:"mv-zero-line"},i),ee(i,a.left-6,a.top+8,T(f),"end"),ee(i,a.left-6,a.top+d,T(g),"end"),ee(i,a.left,n-6,`step ${m}`,"start"),ee(i,r-a.right,n-6,`step ${p}`,"end");let A=v(e);I("line",{x1:A,x2:A,y1:a.top,y2:a.top+d,class:"mv-cursor"},i);let P=h.find(S=>S.step===e);return P&&I("circle",{cx:A,cy:x(P.mean),r:3.5,class:"mv-cursor-dot"},i),i.addEventListener("click",S=>{let B=i.getBoundingClientRect(),V=(S.clientX-B.left)/B.width*r,J=s[0].step;for(let w of s)Math.abs(v(w.step)-V)<Math.abs(v(J)-V)&&(J=w.step);t(J)}),i}var zs=64;function Gs(s,e){if(s!=="auto")return s;let t=!1,r=!1;for(let n=0;n<e.lo.length;n++)for(let i=0;i<e.lo[n].length;i++)e.lo[n][i]<0&&(t=!0),e.hi[n][i]>0&&(r=!0);return t&&r?"diverging":"viridis"}function Fs(s,e){return{lo:Math.min(...s.lo[e]),hi:Math.max(...s.hi[e])}}var lt=class{constructor(e,t){c(this,"options",e);c(this,"onOptions",t);c(this,"element");c(this,"controls");c(this,"canvasArea");c(this,"legend");c(this,"readout");c(this,"sample",null);this.controls=l("div",{class:"mv-sample-controls"}),this.canvasArea=l("div",{class:"mv-sample-canvases"}),this.legend=l("div",{class:"mv-legend",testid:"activation-legend"}),this.readout=l("div",{class:"mv-readout mv-mono"}," "),this.element=l("div",{class:"mv-sample"},this.controls,this.canvasArea,l("div",{class:"mv-sample-footer"},this.legend,this.readout))}setSample(e){this.sample=e,this.options.item>=e.shape[0]&&(this.options={...this.options,item:0}),this.render()}update(e){this.options={...this.options,...e},this.onOptions(this.options),this.render()}render(){let e=this.sample;if(!e)return;let t=Gs(this.options.colormap,e);this.renderControls(e),e.layout==="chw"?this.renderChannels(e,t):e.layout==="tf"?this.renderSequence(e,t):this.renderVectors(e,t)}renderControls(e){let t=(i,a,o,d,h)=>{let u=l("select",{testid:a,on:{change:()=>h(u.value)}},...d.map(([m,p])=>l("option",{attrs:{value:m}},p)));return u.value=o,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},i),u)},r=e.shape[0],n=e.layout==="chw"?l("div",{class:"mv-segmented",attrs:{role:"group","aria-label":"Colour scale"}},...["shared","channel"].map(i=>l("button",{class:"mv-segment"+(this.options.scale===i?" is-active":""),testid:`scale-${i}`,title:i==="shared"?"One colour scale for all channels: compare magnitudes":"Each channel scaled to its own range: see the pattern in weak channels",attrs:{type:"button","aria-pressed":String(this.options.scale===i)},on:{click:()=>this.update({scale:i})}},i==="shared"?"Shared scale":"Per channel"))):null;y(this.controls,r>1?t("Batch item","sample-item",String(this.options.item),Array.from({length:r},(i,a)=>[String(a),`#${a}`]),i=>this.update({item:Number(i)})):null,t("Colours","colormap-select",this.options.colormap,[["auto","auto"],...ur.map(i=>[i,i])],i=>this.update({colormap:i})),n,l("span",{class:"mv-muted mv-sample-shape",title:"The stored sample is downsampled from the layer's output"},`sample ${K(e.shape)} of output ${K(e.sourceShape)}`))}renderLegend(e,t){let r=l("canvas",{class:"mv-colorbar"});Je(r,e);let n=t?[T(t.lo),t.lo<0&&t.hi>0&&e==="diverging"?"0":"",T(t.hi)]:["channel min","","channel max"];y(this.legend,l("div",{class:"mv-colorbar-wrap"},r,l("div",{class:"mv-colorbar-labels mv-mono"},...n.map(i=>l("span",{},i)))))}attachReadout(e,t){e.addEventListener("mousemove",r=>{let n=e.getBoundingClientRect(),i=Math.floor((r.clientX-n.left)/n.width*e.width),a=Math.floor((r.clientY-n.top)/n.height*e.height);i<0||a<0||i>=e.width||a>=e.height||(this.readout.textContent=t(i,a))}),e.addEventListener("mouseleave",()=>this.readout.textContent=" ")}renderChannels(e,t){let{planes:r,width:n,height:i}=ie(e),a=this.options.item,o=this.options.scale==="shared",d=t==="diverging",h=Fs(e,a);d&&(h=De(h));let u=Math.max(1,Math.floor(96/Math.max(n,i,1))),m=this.options.showAllChannels?r:Math.min(r,zs),p=l("div",{class:"mv-channel-grid",style:{gridTemplateColumns:`repeat(auto-fill, minmax(${Math.max(n*u,40)}px, 1fr))`}});for(let f=0;f<m;f++){let v={lo:e.lo[a][f],hi:e.hi[a][f]},x=o?h:d?De(v):v,b=l("canvas",{class:"mv-heatmap",testid:"activation-canvas",dataset:{channel:String(f)},style:{width:`${n*u}px`,maxWidth:"100%",aspectRatio:`${n} / ${i}`}});Se(b,e.values,ue(e,a,f),n,i,v,x,t);let L=ue(e,a,f);this.attachReadout(b,(k,E)=>`channel ${f} · (${E}, ${k}) = ${T(tt(e.values[L+E*n+k],v.lo,v.hi))}`),p.appendChild(l("figure",{class:"mv-channel",title:`channel ${f}: ${T(v.lo)} … ${T(v.hi)}`},b,l("figcaption",{class:"mv-mono"},String(f))))}let g=r>m?l("button",{class:"mv-button",testid:"show-all-channels",attrs:{type:"button"},on:{click:()=>this.update({showAllChannels:!0})}},`Show all ${r} channels`):null;y(this.canvasArea,p,g),this.renderLegend(t,o?h:null)}renderSequence(e,t){let{width:r,height:n}=ie(e),i=this.options.item,a={lo:e.lo[i][0],hi:e.hi[i][0]},o=t==="diverging"?De(a):a,d=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(480,Math.max(80,n*6))}px`}}),h=ue(e,i,0);Se(d,e.values,h,r,n,a,o,t),this.attachReadout(d,(u,m)=>`token ${m} · feature ${u} = ${T(tt(e.values[h+m*r+u],a.lo,a.hi))}`),y(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${r})`),l("div",{class:"mv-heatmap-row"},l("div",{class:"mv-axis-caption mv-axis-vertical mv-muted"},`tokens ↓ (${n})`),d)),this.renderLegend(t,o)}renderVectors(e,t){let[r,n]=e.shape,i=t==="diverging",a={lo:Math.min(...e.lo.map(u=>u[0])),hi:Math.max(...e.hi.map(u=>u[0]))};i&&(a=De(a));let o=l("canvas",{class:"mv-heatmap mv-heatmap-wide",testid:"activation-canvas",style:{height:`${Math.min(320,Math.max(28,r*28))}px`}});o.width=Math.max(1,n),o.height=Math.max(1,r);let d=o.getContext("2d"),h=document.createElement("canvas");for(let u=0;u<r&&d;u++)Se(h,e.values,u*n,n,1,{lo:e.lo[u][0],hi:e.hi[u][0]},a,t),d.drawImage(h,0,u);this.attachReadout(o,(u,m)=>`item ${m} · feature ${u} = ${T(tt(e.values[m*n+u],e.lo[m][0],e.hi[m][0]))}`),y(this.canvasArea,l("div",{class:"mv-axis-caption mv-muted"},`features → (${n})${r>1?`, one row per batch item (${r})`:""}`),o),this.renderLegend(t,a)}};var js=[["graph","Graph","Show this layer in the graph"],["activations","Activations","Show this layer's activation maps and statistics"],["trends","Trends","Show this layer's statistics over the steps"],["compare","Compare","Compare this layer between two steps or runs"]],ke=null;function $r(s){ke=s}function X(s,e,t=!1){return l("span",{class:"mv-layer-links"+(t?" is-compact":""),testid:"layer-links",dataset:{key:s}},...js.filter(([r])=>r!==e).map(([r,n,i])=>l("a",{class:"mv-layer-link",title:i,dataset:{view:r},attrs:{href:ke?.href(r,s)??"#",target:"_top"},on:{click:a=>{a.stopPropagation(),!(a.button!==0||a.metaKey||a.ctrlKey||a.shiftKey||a.altKey||!ke)&&(a.preventDefault(),ke.open(r,s))},mouseenter:a=>{let o=a.currentTarget;ke&&(o.href=ke.href(r,s))}}},t?n.slice(0,1):n)))}var dt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"pickerFilter");c(this,"pickerList");c(this,"detail");c(this,"structure",null);c(this,"stepDoc",null);c(this,"at",null);c(this,"layer",null);c(this,"visible",!1);c(this,"logHistogram",null);c(this,"sampleOptions",{colormap:"auto",scale:"shared",item:0,showAllChannels:!1});c(this,"generation",0);c(this,"renderedFor","");this.pickerFilter=l("input",{class:"mv-search",testid:"activation-layer-filter",attrs:{type:"search",placeholder:"Find a layer","aria-label":"Find a layer"},on:{input:()=>this.renderPicker()}}),this.pickerList=l("div",{class:"mv-picker-list",testid:"activation-layer-list",attrs:{role:"listbox","aria-label":"Layers"}}),this.detail=l("div",{class:"mv-activation-detail",testid:"activation-detail"}),this.element=l("section",{class:"mv-view mv-activations"},l("aside",{class:"mv-picker"},l("div",{class:"mv-picker-head"},this.pickerFilter),this.pickerList,l("div",{class:"mv-picker-foot mv-muted"},l("span",{class:"mv-sample-dot is-legend"}),"activation sample stored at this step")),this.detail)}setData(e,t,r){let n=e!==this.structure;this.structure=e,this.stepDoc=t,this.at=r,n?this.renderPicker():this.updatePickerMarks(),(this.layer===null||!e.layers.some(i=>i.key===this.layer))&&(this.layer=this.defaultLayer()),this.refresh()}setLayer(e){if(!(e===null||e===this.layer)){this.layer=e,this.sampleOptions={...this.sampleOptions,showAllChannels:!1};for(let t of this.pickerList.querySelectorAll("[data-key]")){let r=t.dataset.key===e;t.classList.toggle("is-selected",r),t.setAttribute("aria-selected",String(r)),r&&this.visible&&t.scrollIntoView({block:"nearest"})}this.refresh()}}setVisible(e){this.visible=e,e&&(this.pickerList.querySelector(".is-selected")?.scrollIntoView({block:"nearest"}),this.refresh())}defaultLayer(){let e=this.stepDoc?.samples??{},t=this.structure?.layers??[];return t.find(r=>r.key in e)?.key??t.find(r=>r.node!==null&&r.parent!==null)?.key??t[0]?.key??null}renderPicker(){let e=this.structure?.layers??[],t=this.pickerFilter.value.trim().toLowerCase(),r=this.stepDoc?.samples??{},n=document.createDocumentFragment(),i=0,a=new Map(e.map(o=>[o.key,o.name]));for(let o of e){if(o.node===null||t&&!o.name.toLowerCase().includes(t)&&!o.type.toLowerCase().includes(t))continue;i++;let d=o.parent===null;n.appendChild(l("button",{class:"mv-picker-item"+(o.key===this.layer?" is-selected":"")+(o.key in r?" has-sample":""),testid:"activation-layer",dataset:{key:o.key},title:`${o.name||this.structure?.model_type||"model"} (${o.type})${o.calls>1?`, call ${o.call+1} of ${o.calls}`:""}`,attrs:{type:"button",role:"option","aria-selected":String(o.key===this.layer)},style:{paddingLeft:`${8+(t?0:Math.min(o.depth,8)*12)}px`},on:{click:()=>this.handlers.onSelect(o.key)}},l("span",{class:"mv-sample-dot",title:"Has an activation sample at this step"}),l("span",{class:"mv-picker-name"},d?this.structure?.model_type??"model":t?o.name:nt(o.name,o.parent===null?null:a.get(o.parent))),o.calls>1?l("span",{class:"mv-badge"},`#${o.call+1}`):null,l("span",{class:"mv-picker-type"},o.type)))}y(this.pickerList),this.pickerList.appendChild(n),i===0&&this.pickerList.appendChild(l("div",{class:"mv-muted mv-picker-empty"},"No layer matches."))}updatePickerMarks(){let e=this.stepDoc?.samples??{};for(let t of this.pickerList.querySelectorAll("[data-key]"))t.classList.toggle("has-sample",t.dataset.key in e)}refresh(){if(!this.visible||!this.structure||!this.stepDoc||!this.at)return;let e=[this.at.run,this.at.tag,this.at.step,this.layer,this.structure.hash].join("\0");if(e===this.renderedFor)return;let t=!this.renderedFor.endsWith("\0"+this.layer+"\0"+this.structure.hash);this.renderedFor=e,this.renderDetail(t)}renderDetail(e){let t=++this.generation,r=this.structure,n=this.stepDoc,i=this.at,a=r.layers.find(p=>p.key===this.layer);if(!a){y(this.detail,l("div",{class:"mv-placeholder"},l("p",{},"Pick a layer on the left to see its activations.")));return}let o=n.activations[a.key]??null,d=n.samples[a.key],h=l("div",{class:"mv-card mv-sample-card"},l("h3",{},"Output sample")),u=this.detail.querySelector(".mv-sample-card .mv-sample"),m=l("div",{class:"mv-card"},l("h3",{},"Over training"),l("div",{class:"mv-muted mv-chart-placeholder"},"Loading…"));y(this.detail,this.header(a,r),this.statsGrid(o),l("div",{class:"mv-card-row"},this.histogramCard(o),m),h,this.parametersCard(a,n)),n.capture?.warnings?.length&&this.detail.appendChild(l("div",{class:"mv-card mv-warnings"},l("h3",{},"Capture warnings"),...n.capture.warnings.map(p=>l("p",{},p)))),d?(u&&!e?h.appendChild(u):h.appendChild(l("div",{class:"mv-muted mv-chart-placeholder",testid:"sample-loading"},"Loading sample…")),this.store.sample(i,a.key).then(p=>{if(t!==this.generation)return;let g=new lt(this.sampleOptions,f=>this.sampleOptions=f);g.setSample(p),y(h,l("h3",{},"Output sample"),g.element)},p=>{t!==this.generation||we(p)||y(h,l("h3",{},"Output sample"),l("p",{class:"mv-error-text"},p.message))})):h.appendChild(l("p",{class:"mv-muted",testid:"no-sample"},o?`No sample of this layer's output was stored at step ${i.step}; the statistics above cover the whole output.`:`This call did not record its output at step ${i.step}.`)),this.store.layerTrends(i.run,i.tag,a.key).then(p=>{if(t!==this.generation)return;let g=(v,x)=>p.statistics[v]?.[x]??null,f=p.steps.map((v,x)=>({step:v,mean:g("activation_mean",x),std:g("activation_std",x),min:g("activation_min",x),max:g("activation_max",x)}));y(m,l("h3",{},"Over training",l("span",{class:"mv-card-note"},"mean ± std, min–max; click to jump")),Ar(f,i.step,v=>this.handlers.onStep(v)))},p=>{t===this.generation&&y(m,l("h3",{},"Over training"),l("p",{class:"mv-error-text"},p.message))})}header(e,t){let r=e.parent===null?t.model_type:e.name;return l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"activation-layer-name"},r),l("span",{class:"mv-type-chip",title:e.extra?`${e.type}(${e.extra})`:e.type},e.type),e.calls>1?l("span",{class:"mv-badge"},`call ${e.call+1} of ${e.calls}`):null,l("span",{class:"mv-muted mv-mono"},`${_e(e.input_shapes)} → ${_e(e.output_shapes)}`),l("span",{class:"mv-spacer"}),X(e.key,"activations"))}statsGrid(e){if(!e)return l("div",{class:"mv-card mv-muted"},"No statistics were recorded for this call at this step.");let t=(r,n,i,a,o=!1)=>{let d=st(e.estimated,r,i);return l("div",{class:"mv-stat"+(o?" is-warn":""),title:d===i?a:`${a}, estimated from a subset of the values`},l("div",{class:"mv-stat-label"},n),l("div",{class:"mv-stat-value mv-mono"},d))};return l("div",{class:"mv-stats",testid:"activation-stats"},t("mean","mean",T(e.mean),"Mean of the finite values"),t("std","std",T(e.std),"Standard deviation of the finite values"),t("min","min",T(e.min),"Smallest finite value"),t("max","max",T(e.max),"Largest finite value"),t("absmax","|max|",T(e.absmax),"Largest magnitude"),t("zeros","zeros",ae(e.zeros),"Fraction of exact zeros",(e.zeros??0)>.9),t("nan","NaN",_(e.nan),"Count of NaN values",e.nan>0),t("inf","Inf",_(e.inf),"Count of infinite values",e.inf>0),t("numel","values",O(e.numel),`${_(e.numel)} values in the whole output`))}histogramCard(e){let t=l("div",{class:"mv-card"}),r=e?.hist?.counts??[],n=r.reduce((o,d)=>o+d,0),i=n>0&&Math.max(...r)>.5*n,a=()=>{let o=this.logHistogram??i,d=l("label",{class:"mv-check",title:"Logarithmic counts: shows the tails next to a spike"},l("input",{testid:"histogram-log",attrs:{type:"checkbox",checked:o},on:{change:h=>{this.logHistogram=h.target.checked,a()}}}),"log");y(t,l("h3",{},"Histogram",l("span",{class:"mv-card-note"},d)),e?.hist&&r.length?Nr(e.hist,o):l("p",{class:"mv-muted"},"No histogram recorded."))};return a(),t}parametersCard(e,t){let r=e.param_names??[];if(r.length===0)return null;let i=l("tr",{},...[["parameter","Qualified parameter name"],["mean","Mean of the weights"],["std","Standard deviation of the weights"],["norm","L2 norm of the weights"],["grad norm","L2 norm of the gradient when the step was recorded"],["update","Relative change since the previous recorded step: ‖W(t) − W(t′)‖ / ‖W(t′)‖"]].map(([o,d],h)=>l("th",{class:h?"is-numeric":"",title:d},o))),a=r.map(o=>{let d=t.params[o],h=t.grads[o],u=t.updates?.[o];return l("tr",{},l("td",{class:"mv-mono"},o),l("td",{class:"is-numeric"},T(d?.mean)),l("td",{class:"is-numeric"},T(d?.std)),l("td",{class:"is-numeric"},T(d?.norm)),l("td",{class:"is-numeric"+(h?"":" is-muted"),title:h?void 0:"No gradient was set when this step was recorded"},h?T(h.norm):"–"),l("td",{class:"is-numeric"+(u==null?" is-muted":""),title:u===void 0?"Not tracked (first recorded step, or update tracking off)":void 0},T(u)))});return l("div",{class:"mv-card"},l("h3",{},"Parameters"),l("table",{class:"mv-table mv-compact"},l("thead",{},i),l("tbody",{},...a)))}};function F(s){return s.name||s.type||"(model)"}function Rr(s,e=s,t){let r=s.lastIndexOf(".",s.length-2),n=r>0?s.slice(0,r+1):"",i=r>0?s.slice(r+1):s;return l("span",{class:"mv-elide mv-mono",title:e,testid:t,attrs:{"aria-label":s}},n?l("span",{class:"mv-elide-head"},l("bdi",{},n)):null,l("span",{class:"mv-elide-tail"},i))}var Us={nonfinite:"NaN / Inf",exploding:"exploding",vanishing:"vanishing",dead:"dead units",saturated:"saturated",not_learning:"not learning",lr_too_high:"learning rate too high"},Ws=[["NaN / Inf","the first step and layer where a non-finite value appears"],["dead units","ReLU outputs that are at least 90 % zeros"],["saturated","tanh/sigmoid outputs mostly at their bounds"],["exploding / vanishing","output or gradient norms that jump 100× between logged steps, or early layers' gradients 1000× off the last layer's"],["not learning","trainable layers whose weights stop changing while others train"],["learning rate too high","weights that change by more than 10 % of their size per step"]];function Te(s){return Us[s]??s}var ct=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"body");this.body=l("div",{class:"mv-alerts-body",testid:"alerts-view"}),this.element=l("section",{class:"mv-view mv-alerts"},this.body)}showLoading(){y(this.body,l("p",{class:"mv-muted"},"Checking every logged step…"))}showError(e){y(this.body,l("p",{class:"mv-error-text",testid:"alerts-error"},e))}setAlerts(e,t){let r=l("details",{class:"mv-alert-checks"},l("summary",{},"What is checked"),l("ul",{},...Ws.map(([a,o])=>l("li",{},l("strong",{},a),": ",o)))),n=`${e.steps.length} logged step${e.steps.length===1?"":"s"} of “${t}”`,i=e.unreadable.length?l("p",{class:"mv-muted"},`${e.unreadable.length} damaged step(s) could not be read and were left out: ${e.unreadable.map(a=>a.step).join(", ")}.`):null;if(e.alerts.length===0){y(this.body,l("div",{class:"mv-alerts-ok",testid:"alerts-none"},l("h2",{},"No problems found"),l("p",{class:"mv-muted"},`Checked ${n}.`)),i,r);return}y(this.body,l("h2",{class:"mv-alerts-title"},`${e.alerts.length} problem${e.alerts.length===1?"":"s"} found in ${n}`),l("p",{class:"mv-muted"},"Each starts at the layer and step shown; click one to open that layer at that step in Trends."),l("ol",{class:"mv-alert-list"},...e.alerts.map(a=>this.item(a))),i,r)}item(e){return l("li",{},l("button",{class:"mv-alert",testid:"alert-item",dataset:{kind:e.kind,layer:e.layer,step:String(e.step)},attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(e)}},l("div",{class:"mv-alert-head"},l("span",{class:"mv-alert-kind",dataset:{kind:e.kind}},Te(e.kind)),l("span",{class:"mv-mono mv-alert-layer"},F(e)),e.type?l("span",{class:"mv-muted"},e.type):null,l("span",{class:"mv-spacer"}),l("span",{class:"mv-alert-step"},`from step ${e.step}`)),l("div",{class:"mv-alert-message"},e.message)),X(e.layer))}},pt=class{constructor(e){c(this,"handlers",e);c(this,"element");this.element=l("div",{class:"mv-alert-strip",testid:"alert-strip",attrs:{role:"alert"}}),this.element.hidden=!0}setAlerts(e){if(!e||e.length===0){this.element.hidden=!0,y(this.element);return}let t=e[0];this.element.hidden=!1,y(this.element,l("span",{class:"mv-alert-icon",attrs:{"aria-hidden":"true"}},"!"),l("button",{class:"mv-alert-strip-text",title:t.message,attrs:{type:"button"},on:{click:()=>this.handlers.onOpen(t)}},l("span",{class:"mv-alert-kind",dataset:{kind:t.kind}},Te(t.kind)),l("span",{},t.message)),e.length>1?l("button",{class:"mv-link-button",testid:"alert-strip-more",attrs:{type:"button"},on:{click:()=>this.handlers.onShowAll()}},`all ${e.length} alerts`):null)}};function z(s){return s.kind==="root"||s.kind==="module"||s.kind==="repeat"}function Ks(s){let e=2166136261,t=1523705862;for(let r=0;r<s.length;r++){let n=s.charCodeAt(r);e=Math.imul(e^n,16777619),t=Math.imul(t^n,1540483477)^t>>>15}return(e>>>0).toString(36)+"."+(t>>>0).toString(36)}function Ut(s){return s===null?"?":s.join("x")}function qs(s){let e=new Array(s.nodes.length),t=new Array(s.nodes.length),r=n=>{let i=s.nodes[n],a=[i.type],o=[];for(let u of i.children){let m=s.nodes[u];m.kind==="module"?(r(u),a.push("M"+e[u]),o.push(...t[u])):(a.push(m.kind==="op"?`O${m.op}${m.inplace?"!":""}`:m.kind),o.push(u))}let d=new Map;o.forEach((u,m)=>d.set(u,m));let h=new Set;o.forEach((u,m)=>{for(let p of s.outEdges[u]){let g=s.edges[p],f=d.get(g.dst);h.add(f===void 0?`out${m}:${Ut(g.shape)}`:`${m}>${f}:${Ut(g.shape)}`)}for(let p of s.inEdges[u]){let g=s.edges[p];d.has(g.src)||h.add(`in${m}:${Ut(g.shape)}`)}}),e[n]=Ks(a.join("|")+"#"+[...h].sort().join(",")),t[n]=o};for(let n of s.roots)s.nodes[n].kind==="module"&&r(n);return e}function Or(s){let e=qs(s),t=new Map,r=new Array(s.nodes.length),n=(p,g,f,v)=>{let x={id:p,kind:g,graphId:f,parent:v,children:[]};return t.set(p,x),f!==null&&(r[f]=x),x},i=new Map,a=(p,g)=>{for(let[f,v]of i)if(v===p){for(let x of s.outEdges[f])if(i.get(s.edges[x].dst)===g)return!0}return!1},o=(p,g)=>{for(let f of s.nodes[g].children)s.nodes[f].kind==="module"?o(p,f):i.set(f,p)},d=(p,g)=>{let f=s.nodes[p],v=s.nodes[g];return f.kind!=="module"||v.kind!=="module"||f.type!==v.type||e[p]!==e[g]?!1:(i.clear(),o(p,p),o(g,g),a(p,g))},h=(p,g)=>{let f=0;for(;f<g.length;){let v=f+1;for(;v<g.length&&d(g[v-1],g[v]);)v++;if(v-f>=2){let x=n(`r${g[f]}`,"repeat",null,p);for(let b=f;b<v;b++)x.children.push(u(x,g[b]));p.children.push(x)}else p.children.push(u(p,g[f]));f=v}},u=(p,g)=>{let f=s.nodes[g],v=n(`n${g}`,f.kind,g,p);return f.kind==="module"&&h(v,f.children),v},m=n("root","root",null,null);return h(m,s.roots),{root:m,byId:t,byGraphId:r}}var Xs=50;function Hr(s){return s.kind==="module"&&s.children.some(z)}function Wt(s,e=Xs){let t=new Set(["root"]),r=s.root.children.length,n=s.root.children.filter(Hr);for(;n.length>0;){let i=[];for(let a of n){let o=a.children.length-1;r+o>e||(r+=o,t.add(a.id),i.push(...a.children.filter(Hr)))}n=i}return t}function Kt(s,e){let t=!1;for(let r=e.parent;r!==null;r=r.parent)s.has(r.id)||(s.add(r.id),t=!0);return t}function Dr(s){return[...s].sort().join(",")}function ht(s,e){let t=e;for(let r=e.parent;r!==null;r=r.parent)s.has(r.id)||(t=r);return t}function _r(s,e){let t=r=>z(r)&&r.children.length>0&&(r.kind==="root"||e.has(r.id))?r.children.reduce((n,i)=>n+t(i),0):1;return t(s.root)}function Pr(s,e,t,r){if(t.width<=0||t.height<=0)throw new Error("There is no drawn graph to export yet.");let n=Math.ceil(t.width+32),i=Math.ceil(t.height+32),a=s.cloneNode(!1);a.setAttribute("xmlns","http://www.w3.org/2000/svg"),a.setAttribute("width",String(n)),a.setAttribute("height",String(i)),a.setAttribute("viewBox",`0 0 ${n} ${i}`),a.removeAttribute("style");let o=document.createElementNS("http://www.w3.org/2000/svg","rect");o.setAttribute("width",String(n)),o.setAttribute("height",String(i)),o.setAttribute("fill",r),a.appendChild(o);let d=e.cloneNode(!0);return d.setAttribute("transform","translate(16,16)"),a.appendChild(d),new XMLSerializer().serializeToString(a)}async function Vr(s,e=2){let t=/width="(\d+)" height="(\d+)"/.exec(s.slice(0,2e3));if(t===null)throw new Error("The exported SVG has no size.");let r=Number(t[1]),n=Number(t[2]),i=Math.min(e,16e3/r,16e3/n,Math.sqrt(64e6/(r*n))),a=URL.createObjectURL(new Blob([s],{type:"image/svg+xml"}));try{let o=new Image;o.decoding="async",await new Promise((u,m)=>{o.onload=()=>u(),o.onerror=()=>m(new Error("The browser could not render the graph as an image.")),o.src=a});let d=document.createElement("canvas");d.width=Math.max(1,Math.floor(r*i)),d.height=Math.max(1,Math.floor(n*i));let h=d.getContext("2d");if(h===null)throw new Error("No 2-D canvas is available for the PNG export.");return h.scale(i,i),h.drawImage(o,0,0,r,n),await new Promise((u,m)=>{d.toBlob(p=>p?u(p):m(new Error("The PNG could not be encoded (graph too large?).")),"image/png")})}finally{URL.revokeObjectURL(a)}}var Ie='system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',qt='ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',M={titleSize:12,subtitleSize:10,opSize:11,edgeLabelSize:10,padX:10,toggleSpace:22,toggleRadius:7,moduleHeight:38,opHeight:24,ioHeight:34,frameHeader:26,framePad:12,minBoxWidth:48,maxTextWidth:240};function Br(){let s=new Map,e=null;try{e=typeof document<"u"?document.createElement("canvas").getContext("2d"):null}catch{e=null}return(t,r,n={})=>{let i=`${r}|${n.bold?1:0}|${n.mono?1:0}|${t}`,a=s.get(i);return a===void 0&&(e!==null?(e.font=`${n.bold?"600 ":""}${r}px ${n.mono?qt:Ie}`,a=e.measureText(t).width):a=t.length*r*(n.mono?.62:.58),s.set(i,a)),a}}var ze=class extends Error{constructor(){super("A newer layout request replaced this one."),this.name="LayoutSuperseded"}},Ys=40,ut=class{constructor(e){c(this,"worker",null);c(this,"cache",new Map);c(this,"running",null);c(this,"waiting",null);c(this,"nextId",1);c(this,"failure",null);try{this.worker=new Worker(e),this.worker.onmessage=t=>this.finish(t.data),this.worker.onerror=t=>{t.preventDefault(),this.fail(`The layout worker failed (${e}): ${t.message||"it could not be loaded"}.`)}}catch(t){this.failure=`The layout worker could not be started from ${e}: ${t instanceof Error?t.message:String(t)}`}}cached(e){let t=this.cache.get(e);return t!==void 0&&(this.cache.delete(e),this.cache.set(e,t)),t}layout(e,t){let r=this.cached(e);return r!==void 0?Promise.resolve(r):this.failure!==null?Promise.reject(new Error(this.failure)):new Promise((n,i)=>{this.waiting?.reject(new ze),this.waiting={key:e,graph:t,resolve:n,reject:i},this.startNext()})}clearCache(){this.cache.clear()}destroy(){this.worker?.terminate(),this.fail("The graph view was closed.")}startNext(){if(this.running!==null||this.waiting===null||this.worker===null)return;let e=this.waiting;this.waiting=null;let t=this.cached(e.key);if(t!==void 0){e.resolve(t);return}this.running={...e,id:this.nextId++};let r={id:this.running.id,graph:e.graph};this.worker.postMessage(r)}finish(e){let t=this.running;if(!(t===null||t.id!==e.id)){if(this.running=null,e.ok){for(this.cache.set(t.key,e.graph);this.cache.size>Ys;)this.cache.delete(this.cache.keys().next().value);t.resolve(e.graph)}else t.reject(new Error(e.message));this.startNext()}}fail(e){this.failure=e;let t=new Error(e);this.running?.reject(t),this.waiting?.reject(t),this.running=null,this.waiting=null}};function oe(s){return s==null?"?":s.length===0?"scalar":s.join("×")}function te(s){if(s==null||!Number.isFinite(s))return"–";let e=Math.abs(s),t=[[1e12,"T"],[1e9,"G"],[1e6,"M"],[1e3,"k"]];for(let[r,n]of t)if(e>=r)return`${Ge((s/r).toPrecision(3))}${n}`;return Number.isInteger(s)?String(s):Ge(s.toPrecision(3))}function Xt(s){if(s==null||!Number.isFinite(s))return"–";let e=["B","KiB","MiB","GiB","TiB"],t=s,r=0;for(;Math.abs(t)>=1024&&r<e.length-1;)t/=1024,r++;return`${r===0?t:Ge(t.toPrecision(3))} ${e[r]}`}function le(s){if(s==null)return"–";if(typeof s!="number"||!Number.isFinite(s))return String(s);if(s===0)return"0";let e=Math.abs(s);return e>=1e5||e<.001?s.toExponential(3):Ge(s.toPrecision(4))}function Ir(s){return typeof s!="number"||!Number.isFinite(s)?"–":`${Ge((s*100).toPrecision(3))}%`}function Ge(s){return s.includes("e")||!s.includes(".")?s:s.replace(/\.?0+$/,"")}function gt(s){let e=s.split("."),t=e[e.length-1];return/^\d+$/.test(t)&&e.length>1?`${e[e.length-2]}.${t}`:t}function mt(s,e){let t=s.nodes[e],r=t.name===""?t.type||s.modelType||"model":gt(t.name);return t.call>0?`${r} #${t.call}`:r}function ft(s,e){let t=e.children[0],r=e.children[e.children.length-1];return`${mt(s,t.graphId)} … ${mt(s,r.graphId)}`}function vt(s,e){return`${s.nodes[e.children[0].graphId].type} ×${e.children.length}`}function Fe(s,e){if(e.kind==="repeat"){let r=ft(s,e),n=vt(s,e);return{title:r,subtitle:n,tooltip:`${n} blocks ${r} with identical structure`}}let t=s.nodes[e.graphId];switch(t.kind){case"module":{let r=mt(s,t.id),n=t.name===""?"model":t.type;return{title:r,subtitle:n,tooltip:`${t.name||"(model)"} : ${t.type}  [${t.layer}]`}}case"op":{let r=t.flops?`, ${te(t.flops)} FLOPs`:"";return{title:t.op||t.label||"op",subtitle:"",tooltip:`${t.op}${r}`}}default:{let r=`${oe(t.shape)} ${t.dtype}`.trim(),n=t.name||t.label||t.kind;return{title:n,subtitle:r,tooltip:`${t.kind} ${n}: ${r}`}}}}function zr(s,e){if(e.kind==="repeat")return`${ft(s,e)} · ${vt(s,e)}`;let t=s.nodes[e.graphId],r=mt(s,t.id);return t.name===""?r:`${r} · ${t.type}`}function Gr(s,e){let t=oe(s.edges[e[0]].shape),r=new Set(e.map(n=>s.edges[n].src)).size;return r>1?`${t} +${r-1}`:t}function je(s,e){return e.kind==="root"||z(e)&&e.children.length>0&&s.has(e.id)}function Fr(s,e,t){let r=[],n=new Array(s.nodes.length),i=(h,u)=>{h.graphId!==null&&!z(h)&&(n[h.graphId]=u);for(let m of h.children)i(m,u)},a=h=>{if(je(t,h))for(let u of h.children)a(u);else r.push(h),i(h,h)};a(e.root);let o=new Map,d=[];return s.edges.forEach((h,u)=>{let m=n[h.src],p=n[h.dst];if(m===void 0||p===void 0||m===p)return;let g=`e${m.id}-${p.id}`,f=o.get(g);f===void 0&&(f={id:g,src:m,dst:p,edges:[]},o.set(g,f),d.push(f)),f.edges.push(u)}),{boxes:r,edges:d,boxOfLeaf:n}}var Zs={"elk.algorithm":"layered","elk.direction":"DOWN","elk.hierarchyHandling":"INCLUDE_CHILDREN","elk.json.shapeCoords":"ROOT","elk.json.edgeCoords":"ROOT","elk.edgeRouting":"ORTHOGONAL","elk.edgeLabels.placement":"CENTER","elk.spacing.nodeNode":"16","elk.spacing.edgeNode":"10","elk.spacing.edgeEdge":"8","elk.spacing.edgeLabel":"2","elk.layered.spacing.nodeNodeBetweenLayers":"22","elk.layered.spacing.edgeNodeBetweenLayers":"10","elk.layered.considerModelOrder.strategy":"NODES_AND_EDGES","elk.layered.thoroughness":"4","elk.padding":"[top=16,left=16,bottom=16,right=16]"};function Js(s,e,t){let r=Fe(s,e);if(e.kind==="op"){let d=Math.min(M.maxTextWidth,t(r.title,M.opSize))+2*M.padX;return{width:Math.max(M.minBoxWidth,Math.ceil(d)),height:M.opHeight}}let n=Math.min(M.maxTextWidth,Math.max(t(r.title,M.titleSize,{bold:!0}),t(r.subtitle,M.subtitleSize))),i=z(e)&&e.children.length>0?M.toggleSpace:0,a=Math.ceil(n+2*M.padX+i),o=e.kind==="input"||e.kind==="output"?M.ioHeight:M.moduleHeight;return{width:Math.max(M.minBoxWidth,a),height:o}}function jr(s,e,t,r,n){let i=M.framePad,a=h=>je(t,h)?{id:h.id,layoutOptions:{"elk.padding":`[top=${M.frameHeader+i/2},left=${i},bottom=${i},right=${i}]`},children:h.children.map(a)}:{id:h.id,...Js(s,h,n)},o=M.edgeLabelSize+3,d=r.edges.map(h=>{let u=Gr(s,h.edges);return{id:h.id,sources:[h.src.id],targets:[h.dst.id],labels:[{text:u,width:Math.ceil(n(u,M.edgeLabelSize,{mono:!0}))+4,height:o}]}});return{id:"root",layoutOptions:Zs,children:e.root.children.map(a),edges:d}}var H=class extends Error{constructor(e){super(e),this.name="StructureError"}},Qs=new Set(["module","op","input","output"]);function Ue(s){return typeof s=="object"&&s!==null&&!Array.isArray(s)}function Yt(s,e){return Number.isInteger(s)&&s>=0&&s<e}function Y(s){return typeof s=="string"?s:""}function Ur(s){return Array.isArray(s)&&s.every(e=>typeof e=="number"&&Number.isFinite(e))?s:null}function en(s,e){if(!Ue(s))throw new H(`Graph node ${e} is not an object.`);if(s.id!==e)throw new H(`Graph node ${e} has id ${String(s.id)}; ids must equal positions.`);if(typeof s.kind!="string"||!Qs.has(s.kind))throw new H(`Graph node ${e} has unknown kind ${JSON.stringify(s.kind)}.`);if(s.parent!==null&&s.parent!==void 0&&!Number.isInteger(s.parent))throw new H(`Graph node ${e} has a parent that is not a node id.`);let t=s.kind;if(t==="module"&&typeof s.layer!="string")throw new H(`Module node ${e} has no layer key.`);return{id:e,kind:t,parent:s.parent??null,label:Y(s.label),name:Y(s.name),type:Y(s.type),layer:t==="module"?s.layer:null,call:Number.isInteger(s.call)?s.call:0,op:Y(s.op),flops:typeof s.flops=="number"?s.flops:null,inplace:s.inplace===!0,shape:Ur(s.shape),dtype:Y(s.dtype),children:[]}}function tn(s){let e=new Uint8Array(s.length);for(let t of s){let r=[],n=t.id;for(;n!==null&&e[n]===0;){e[n]=1,r.push(n);let i=s[n].parent;if(i!==null){if(!Yt(i,s.length))throw new H(`Graph node ${n} has parent ${i}, which does not exist.`);if(s[i].kind!=="module")throw new H(`Graph node ${n} has parent ${i}, which is not a module.`);if(e[i]===1)throw new H(`The module nesting of graph node ${n} forms a cycle.`)}n=i}for(let i of r)e[i]=2}}function rn(s,e,t){if(!Ue(s))throw new H(`Graph edge ${e} is not an object.`);for(let r of["src","dst"]){let n=s[r];if(!Yt(n,t.length))throw new H(`Graph edge ${e} has ${r} ${String(n)}, which is not a node id.`);if(t[n].kind==="module")throw new H(`Graph edge ${e} ends at module node ${n}; edges join ops, inputs and outputs.`)}return{src:s.src,dst:s.dst,shape:Ur(s.shape),dtype:Y(s.dtype)}}function sn(s,e){if(s===void 0)return new Map;if(!Array.isArray(s))throw new H('The layer table ("layers") is not a list.');let t=new Map;return s.forEach((r,n)=>{if(!Ue(r)||typeof r.key!="string")throw new H(`Layer table row ${n} has no key.`);if(r.node!==null&&r.node!==void 0&&!Yt(r.node,e.length))throw new H(`Layer table row ${r.key} points at node ${String(r.node)}, which does not exist.`);t.set(r.key,{...r,key:r.key,node:r.node??null,name:Y(r.name),type:Y(r.type)})}),t}function Wr(s){if(!Ue(s))throw new H("The structure document is not a JSON object.");if(!Array.isArray(s.nodes))throw new H('The structure document has no "nodes" list.');if(!Array.isArray(s.edges))throw new H('The structure document has no "edges" list.');let e=s.nodes.map(en);tn(e);let t=[];for(let o of e)o.parent===null?t.push(o.id):e[o.parent].children.push(o.id);let r=s.edges.map((o,d)=>rn(o,d,e)),n=e.map(()=>[]),i=e.map(()=>[]);r.forEach((o,d)=>{i[o.src].push(d),n[o.dst].push(d)});let a=new Map;for(let o of e)o.layer!==null&&a.set(o.layer,o.id);return{hash:Y(s.hash),modelType:Y(s.model_type),nodes:e,edges:r,roots:t,inEdges:n,outEdges:i,layers:sn(s.layers,e),nodeByLayer:a,totals:Ue(s.totals)?s.totals:{}}}function Me(s){return typeof s=="object"&&s!==null&&!Array.isArray(s)}function $(s,e,t){let r=document.createElement(s);return t!==void 0&&(r.textContent=t),e.appendChild(r),r}function Kr(s){return!Array.isArray(s)||s.length===0?"–":s.map(e=>Array.isArray(e)?oe(e):String(e)).join(", ")}var bt=class{constructor(e,t){c(this,"actions",e);c(this,"element");c(this,"node",null);c(this,"model",null);c(this,"step",null);c(this,"theme");c(this,"generation",0);this.theme=t,this.element=document.createElement("div"),this.element.setAttribute("data-testid","graph-panel"),Object.assign(this.element.style,{width:"300px",flex:"0 0 300px",overflowY:"auto",boxSizing:"border-box",padding:"10px 12px",fontSize:"12px",lineHeight:"1.4",display:"none"}),this.applyTheme()}show(e,t){this.model=e,this.node=t,this.redraw()}setStep(e){this.step=e,this.redraw()}setTheme(e){this.theme=e,this.applyTheme(),this.redraw()}applyTheme(){Object.assign(this.element.style,{background:this.theme.panelBackground,color:this.theme.text,borderLeft:`1px solid ${this.theme.panelBorder}`})}redraw(){this.generation++,this.element.replaceChildren();let{node:e,model:t}=this;if(e===null||t===null){this.element.style.display="none";return}this.element.style.display="block",e.kind==="repeat"?this.drawRepeat(t,e):e.kind==="module"?this.drawModule(t,e):e.kind==="op"?this.drawOp(t,e):this.drawEndpoint(t,e)}header(e,t){let r=$("div",this.element);Object.assign(r.style,{display:"flex",alignItems:"flex-start",gap:"8px",marginBottom:"8px"});let n=$("div",r);n.style.flex="1",n.style.minWidth="0";let i=$("div",n,e);Object.assign(i.style,{fontWeight:"600",fontSize:"14px",wordBreak:"break-all"}),i.setAttribute("data-testid","graph-panel-title");let a=$("div",n,t);a.style.color=this.theme.mutedText;let o=$("button",r,"×");o.title="Close",o.setAttribute("aria-label","Close"),this.styleButton(o),o.addEventListener("click",()=>this.actions.close())}styleButton(e){Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",font:"inherit"})}section(e){let t=$("div",this.element,e);return Object.assign(t.style,{marginTop:"12px",marginBottom:"4px",fontWeight:"600",color:this.theme.mutedText,textTransform:"uppercase",fontSize:"10px",letterSpacing:"0.05em"}),$("div",this.element)}table(e,t){let r=$("table",e);Object.assign(r.style,{borderCollapse:"collapse",width:"100%"});for(let[n,i]of t){let a=$("tr",r),o=$("td",a,n);Object.assign(o.style,{color:this.theme.mutedText,padding:"1px 8px 1px 0",verticalAlign:"top",whiteSpace:"nowrap"});let d=$("td",a,i);Object.assign(d.style,{padding:"1px 0",wordBreak:"break-all"})}}drawModule(e,t){let r=e.nodes[t.graphId],n=r.layer,i=e.layers.get(n);this.header(r.name===""?r.type||e.modelType:gt(r.name),r.type);let a=[["name",r.name||"(model)"],["key",n],["type",r.type]];if(i!==void 0&&typeof i.calls=="number"&&i.calls>1&&a.push(["call",`${r.call+1} of ${i.calls}`]),this.table(this.section("Module"),a),i!==void 0){let d=[["inputs",Kr(i.input_shapes)],["outputs",Kr(i.output_shapes)]];this.table(this.section("Shapes"),d);let h=[["parameters",te(i.params_total)],["own parameters",te(i.params)]];if(typeof i.frozen=="number"&&i.frozen>0&&h.push(["frozen",te(i.frozen)]),Me(i.param_bytes)){let u=Object.values(i.param_bytes).reduce((m,p)=>m+(typeof p=="number"?p:0),0);h.push(["parameter bytes",Xt(u)])}if(h.push(["FLOPs",te(i.flops)]),typeof i.output_bytes=="number"&&h.push(["output bytes",Xt(i.output_bytes)]),this.table(this.section("Size"),h),typeof i.extra=="string"&&i.extra!==""){let u=$("div",this.section("Configuration"),i.extra);Object.assign(u.style,{fontFamily:"monospace",whiteSpace:"pre-wrap",wordBreak:"break-all"})}}let o=$("button",this.element,"Open activations");o.setAttribute("data-testid","graph-open-activations"),this.styleButton(o),o.style.marginTop="12px",o.addEventListener("click",()=>this.actions.openActivations(n)),this.drawThumbnail(n),this.drawStats(n)}drawThumbnail(e){let t=Me(this.step)&&Me(this.step.samples)?this.step.samples:null;if(this.actions.renderThumbnail===void 0||t===null||!(e in t))return;let r=this.section("Activation sample"),n=$("canvas",r);n.setAttribute("data-testid","graph-thumbnail"),Object.assign(n.style,{width:"100%",height:"auto",imageRendering:"pixelated",display:"block"});let i=$("div",r,"Loading…");i.style.color=this.theme.mutedText;let a=this.generation;this.actions.renderThumbnail(e,n).then(()=>{a===this.generation&&i.remove()},o=>{a===this.generation&&(n.remove(),i.textContent=`No thumbnail: ${o instanceof Error?o.message:String(o)}`)})}drawStats(e){if(!Me(this.step))return;let t=this.section("Output at this step"),n=(Me(this.step.activations)?this.step.activations:{})[e];if(!Me(n)){$("div",t,"Not recorded at this step.").style.color=this.theme.mutedText;return}let i=n,a=(o,d)=>st(i.estimated,o,d);this.table(t,[["values",te(i.numel)],["mean",a("mean",le(i.mean))],["std",a("std",le(i.std))],["min",a("min",le(i.min))],["max",a("max",le(i.max))],["|max|",a("absmax",le(i.absmax))],["zeros",a("zeros",Ir(i.zeros))],["NaN / inf",`${a("nan",String(i.nan??0))} / ${a("inf",String(i.inf??0))}`]]),i.hist!==void 0&&Array.isArray(i.hist.counts)&&i.hist.counts.length>0&&this.drawHistogram(t,i.hist)}drawHistogram(e,t){let i="http://www.w3.org/2000/svg",a=document.createElementNS(i,"svg");a.setAttribute("width",String(260)),a.setAttribute("height",String(48)),a.setAttribute("data-testid","graph-histogram"),a.style.display="block",a.style.marginTop="6px";let o=t.counts.map(m=>typeof m=="number"&&m>0?m:0),d=Math.max(1,...o),h=260/o.length;o.forEach((m,p)=>{let g=m/d*46,f=document.createElementNS(i,"rect");f.setAttribute("x",String(p*h)),f.setAttribute("y",String(48-g)),f.setAttribute("width",String(Math.max(1,h-1))),f.setAttribute("height",String(g)),f.setAttribute("fill",this.theme.moduleStroke),a.appendChild(f)}),e.appendChild(a);let u=$("div",e);Object.assign(u.style,{display:"flex",justifyContent:"space-between",color:this.theme.mutedText,width:"260px"}),$("span",u,le(t.lo)),$("span",u,le(t.hi))}drawRepeat(e,t){this.header(ft(e,t),vt(e,t));let r=$("div",this.element,`${t.children.length} consecutive blocks with identical structure. Select one:`);r.style.color=this.theme.mutedText;let n=$("div",this.element);Object.assign(n.style,{display:"flex",flexWrap:"wrap",gap:"4px",marginTop:"6px"});for(let i of t.children){let a=e.nodes[i.graphId],o=$("button",n,gt(a.name)||a.type);o.title=a.layer??"",this.styleButton(o),o.addEventListener("click",()=>this.actions.selectNode(i))}}drawOp(e,t){let r=e.nodes[t.graphId];this.header(r.op||r.label,"operator");let n=e.inEdges[r.id].map(d=>oe(e.edges[d].shape)),i=e.outEdges[r.id].map(d=>oe(e.edges[d].shape)),a=r.parent===null?null:e.nodes[r.parent],o=[["inputs",n.length>0?n.join(", "):"–"],["outputs",i.length>0?[...new Set(i)].join(", "):"–"],["FLOPs",te(r.flops)],["in place",r.inplace?"yes":"no"]];a!==null&&o.push(["in module",a.layer??a.name]),this.table(this.section("Operator"),o)}drawEndpoint(e,t){let r=e.nodes[t.graphId];this.header(r.name||r.label,r.kind==="input"?"model input":"model output"),this.table(this.section("Tensor"),[["shape",oe(r.shape)],["dtype",r.dtype||"–"]])}};function Zt(s,e,t){if(e.graphId===null)return;let r=s.nodes[e.graphId];return r.kind==="op"?t.ops?.get(e.graphId):r.layer!==null?t.values.get(r.layer):void 0}function nn(s,e,t){if(e.kind!=="repeat")return Zt(s,e,t);let r;for(let n of e.children){let i=Zt(s,n,t);i===void 0||!Number.isFinite(i)||(r===void 0?r=i:t.combine==="sum"?r+=i:t.combine==="max"?r=Math.max(r,i):Math.abs(i)>Math.abs(r)&&(r=i))}return r}function qr(s,e,t,r){let n=new Map;for(let i of e.byId.values()){if(!r(i.id))continue;let a=nn(s,i,t);if(a===void 0||!Number.isFinite(a))continue;if(i.kind!=="repeat"){n.set(i.id,{fill:t.color(a),note:`${t.label}: ${t.format(a)}`});continue}let o=i.children.map(m=>Zt(s,m,t)).filter(m=>m!==void 0&&Number.isFinite(m)),d=o[0],h=o[o.length-1],u=t.combine==="sum"?`total ${t.format(a)}, `:"";n.set(i.id,{fill:t.color(a),stops:o.length>1?o.map(m=>t.color(m)):void 0,note:`${t.label} of the ${i.children.length} blocks: ${u}first ${t.format(d)}, last ${t.format(h)}`})}return n}function Xr(s,e,t,r,n){let i=new Map;for(let[a,o]of r){let d=s.nodeByLayer.get(a);if(d===void 0)continue;let h=e.byGraphId[d];if(h===void 0)continue;let u=ht(t,h);if(!n(u.id))continue;let m=i.get(u.id);m?(m.count+=1,m.text+=`
`+o.text):i.set(u.id,{count:1,text:o.text,layer:a})}return i}var an="http://www.w3.org/2000/svg";function C(s,e={},t){let r=document.createElementNS(an,s);for(let[n,i]of Object.entries(e))r.setAttribute(n,String(i));return t?.appendChild(r),r}function Le(s,e,t){let r=C("text",t,s);return r.textContent=e,r}var on=0,yt=class{constructor(e){c(this,"measure",e);c(this,"svg");c(this,"viewport");c(this,"markerId",`mvz-arrow-${++on}`);c(this,"drawn",new Map);c(this,"rects",new Map);c(this,"size",{width:0,height:0});c(this,"fills",new Map);c(this,"paints",new Map);c(this,"gradientDefs",null);c(this,"badgeLayer",null);this.svg=C("svg",{"data-testid":"graph-svg",width:"100%",height:"100%"}),this.svg.style.display="block",this.svg.style.userSelect="none",this.viewport=C("g",{"data-role":"viewport"},this.svg)}get bounds(){return this.size}rectOf(e){return this.rects.get(e)}isDrawn(e){return this.drawn.has(e)}clear(){this.viewport.replaceChildren(),this.drawn.clear(),this.rects.clear(),this.badgeLayer=null,this.gradientDefs=null,this.size={width:0,height:0}}setFills(e){this.fills=e,this.paints.clear(),this.gradientDefs?.remove(),this.gradientDefs=C("defs",{"data-role":"overlay-gradients"},this.viewport);let t=0;for(let[r,n]of e){if(!n.stops){this.paints.set(r,n.fill);continue}let i=`${this.markerId}-g${t++}`,a=C("linearGradient",{id:i,x1:0,x2:1,y1:0,y2:0},this.gradientDefs);n.stops.forEach((o,d)=>{C("stop",{offset:n.stops.length>1?d/(n.stops.length-1):0,"stop-color":o},a)}),this.paints.set(r,`url(#${i})`)}for(let[r,n]of this.drawn){let i=n.open?void 0:e.get(r);n.title.textContent=i?`${n.tooltip}
${i.note}`:n.tooltip,n.group.toggleAttribute("data-overlay",i!==void 0)}}drawBadges(e,t){this.badgeLayer?.remove(),this.badgeLayer=C("g",{"data-role":"badges"},this.viewport);for(let[r,n]of e){let i=this.rects.get(r);if(i===void 0)continue;let a=C("g",{"data-testid":"graph-badge","data-id":r,"data-key":n.layer,transform:`translate(${Ee(i.x+i.width-3)},${Ee(i.y+3)})`},this.badgeLayer);C("circle",{r:8.5,fill:t.error,stroke:t.background,"stroke-width":1.5},a),Le(a,n.count>1?String(n.count):"!",{y:3.5,"text-anchor":"middle","font-size":10.5,"font-weight":700,fill:"#ffffff"}),C("title",{},a).textContent=n.text}}draw(e,t,r,n,i){this.clear(),this.size={width:n.width??0,height:n.height??0},this.svg.setAttribute("font-family",Ie);let a=C("defs",{},this.viewport),o=C("marker",{id:this.markerId,viewBox:"0 0 10 10",refX:9,refY:5,markerWidth:7,markerHeight:7,orient:"auto-start-reverse",markerUnits:"userSpaceOnUse"},a);C("path",{d:"M0,0L10,5L0,10z",fill:i.edge},o);let d=C("g",{"data-role":"frames"},this.viewport),h=C("g",{"data-role":"edges"},this.viewport),u=C("g",{"data-role":"boxes"},this.viewport),m=p=>{let g=t.byId.get(p.id);if(g!==void 0){let f={x:p.x??0,y:p.y??0,width:p.width??0,height:p.height??0};this.rects.set(p.id,f);let x=je(r,g)?this.drawFrame(e,g,f,i,d):this.drawBox(e,g,f,i,u);this.drawn.set(p.id,x)}p.children?.forEach(m)};n.children?.forEach(m);for(let p of n.edges??[])this.drawEdge(p,i,h)}highlight(e,t){for(let[r,n]of this.drawn){let i=Zr(n,t),{fill:a,stroke:o}=i,d=n.open?void 0:this.fills.get(r);d!==void 0&&(a=this.paints.get(r)??d.fill);let h=d!==void 0?ln(d.stops?.[0]??d.fill):null;n.texts.forEach((p,g)=>p.setAttribute("fill",h?h[g===0?0:1]:g===0||n.tree.kind==="op"?t.text:t.mutedText));let u=n.open?1:1.2,m=n.open&&n.tree.kind==="repeat"?"5 3":"";e.matches.has(r)?(n.open||(a=t.matchFill),o=t.matchStroke,u=2):e.hiding.has(r)&&(o=t.matchStroke,u=2,m="4 2"),e.selected===r&&(o=t.selected,u=2.5),n.shape.setAttribute("fill",a),n.shape.setAttribute("stroke",o),n.shape.setAttribute("stroke-width",String(u)),m?n.shape.setAttribute("stroke-dasharray",m):n.shape.removeAttribute("stroke-dasharray"),n.group.toggleAttribute("data-selected",e.selected===r),n.group.toggleAttribute("data-match",e.matches.has(r))}}nodeGroup(e,t,r,n,i){let a=C("g",{"data-testid":"graph-node","data-id":t.id,"data-kind":t.kind,transform:`translate(${r.x},${r.y})`},i);a.style.cursor="pointer",t.graphId!==null&&e.nodes[t.graphId].layer!==null&&a.setAttribute("data-key",e.nodes[t.graphId].layer),z(t)&&a.setAttribute("data-expanded",String(n)),t.kind==="repeat"&&a.setAttribute("data-count",String(t.children.length));let o=C("title",{},a);return o.textContent=Fe(e,t).tooltip,a}drawnNode(e,t,r,n,i){let a=t.querySelector("title");return{tree:e,group:t,shape:r,open:n,texts:i,title:a,tooltip:a.textContent??""}}drawFrame(e,t,r,n,i){let a=this.nodeGroup(e,t,r,!0,i),o=C("rect",{width:r.width,height:r.height,rx:8,"fill-opacity":n.frameFillOpacity,"pointer-events":"none"},a);C("rect",{width:r.width,height:M.frameHeader,fill:"#000","fill-opacity":0},a);let d=r.width-2*M.padX-M.toggleSpace;Le(a,this.fitText(zr(e,t),d,M.titleSize,!0),{x:M.padX,y:M.frameHeader/2+5,"font-size":M.titleSize,"font-weight":600,fill:n.mutedText}),this.drawToggle(a,r.width-M.toggleSpace/2-4,M.frameHeader/2+1,!0,n);let h=this.drawnNode(t,a,o,!0,[]);return Yr(h,n),h}drawBox(e,t,r,n,i){let a=this.nodeGroup(e,t,r,!1,i),o=Fe(e,t);if(t.kind==="repeat")for(let f of[6,3])C("rect",{x:f,y:-f,width:r.width,height:r.height,rx:6,fill:n.repeatFill,stroke:n.repeatStroke,"stroke-width":1},a);let d=t.kind==="op"?r.height/2:t.kind==="input"||t.kind==="output"?12:6,h=C("rect",{width:r.width,height:r.height,rx:d},a),u=z(t)&&t.children.length>0,m=r.width-2*M.padX-(u?M.toggleSpace:0)+1,p=[];t.kind==="op"?p.push(Le(a,this.fitText(o.title,m,M.opSize,!1),{x:r.width/2,y:r.height/2+4,"text-anchor":"middle","font-size":M.opSize,fill:n.text})):(p.push(Le(a,this.fitText(o.title,m,M.titleSize,!0),{x:M.padX,y:16,"font-size":M.titleSize,"font-weight":600,fill:n.text})),p.push(Le(a,this.fitText(o.subtitle,m,M.subtitleSize,!1),{x:M.padX,y:t.kind==="input"||t.kind==="output"?28:30,"font-size":M.subtitleSize,fill:n.mutedText}))),u&&this.drawToggle(a,r.width-M.toggleSpace/2-2,r.height/2,!1,n);let g=this.drawnNode(t,a,h,!1,p);return Yr(g,n),g}fitText(e,t,r,n){if(this.measure(e,r,{bold:n})<=t)return e;let i=0,a=e.length;for(;i<a;){let o=Math.ceil((i+a)/2);this.measure(e.slice(0,o)+"…",r,{bold:n})<=t?i=o:a=o-1}return e.slice(0,i)+"…"}drawToggle(e,t,r,n,i){let a=C("g",{"data-testid":"graph-toggle","data-role":"toggle",transform:`translate(${t},${r})`},e);C("circle",{r:M.toggleRadius,fill:i.toggleFill,stroke:i.mutedText,"stroke-width":1},a),C("path",{d:n?"M-3.5,0H3.5":"M-3.5,0H3.5M0,-3.5V3.5",stroke:i.text,"stroke-width":1.4,"stroke-linecap":"round"},a);let o=C("title",{},a);o.textContent=n?"Collapse":"Expand"}drawEdge(e,t,r){let n=C("g",{"data-testid":"graph-edge","data-id":e.id,"data-src":e.sources[0],"data-dst":e.targets[0]},r);for(let i of e.sections??[]){let o=[i.startPoint,...i.bendPoints??[],i.endPoint].map((d,h)=>`${h===0?"M":"L"}${Ee(d.x)},${Ee(d.y)}`).join("");C("path",{d:o,fill:"none",stroke:t.edge,"stroke-width":1.2,"marker-end":`url(#${this.markerId})`},n)}for(let i of e.labels??[])n.setAttribute("data-label",i.text),Le(n,i.text,{x:Ee((i.x??0)+2),y:Ee((i.y??0)+i.height-3),"font-family":qt,"font-size":M.edgeLabelSize,fill:t.edgeLabel,stroke:t.background,"stroke-width":3,"paint-order":"stroke","stroke-linejoin":"round"})}};function Ee(s){return Math.round(s*10)/10}function ln(s){let e=null,t=/^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(s);if(t?e=[Number(t[1]),Number(t[2]),Number(t[3])]:/^#[0-9a-f]{6}$/i.test(s)&&(e=[1,3,5].map(o=>parseInt(s.slice(o,o+2),16))),e===null)return["#1f2430","#3d4452"];let[r,n,i]=e.map(o=>{let d=o/255;return d<=.03928?d/12.92:((d+.055)/1.055)**2.4});return .2126*r+.7152*n+.0722*i>.22?["#111418","#2c323c"]:["#ffffff","#e4e8ee"]}function Zr(s,e){if(s.open)return{fill:e.frameFill,stroke:e.frameStroke};switch(s.tree.kind){case"repeat":return{fill:e.repeatFill,stroke:e.repeatStroke};case"op":return{fill:e.opFill,stroke:e.opStroke};case"input":case"output":return{fill:e.ioFill,stroke:e.ioStroke};default:return{fill:e.moduleFill,stroke:e.moduleStroke}}}function Yr(s,e){let{fill:t,stroke:r}=Zr(s,e);s.shape.setAttribute("fill",t),s.shape.setAttribute("stroke",r),s.shape.setAttribute("stroke-width",s.open?"1":"1.2"),s.open&&s.tree.kind==="repeat"&&s.shape.setAttribute("stroke-dasharray","5 3")}function dn(s,e){if(e.graphId===null)return"";let t=s.nodes[e.graphId];switch(t.kind){case"module":return`${t.name}
${t.type}
${t.layer??""}`.toLowerCase();case"op":return`${t.op}
${t.label}`.toLowerCase();default:return`${t.name}
${t.label}`.toLowerCase()}}function Jr(s,e,t){let r=t.trim().toLowerCase();if(r==="")return[];let n=[];for(let i of e.byGraphId)i!==void 0&&dn(s,i).includes(r)&&n.push(i);return n}var Jt={background:"#ffffff",text:"#1f2430",mutedText:"#5f6877",frameFill:"#3a66c4",frameFillOpacity:"0.05",frameStroke:"#a9b6cc",moduleFill:"#e7efff",moduleStroke:"#7d9fe0",repeatFill:"#fff2dc",repeatStroke:"#e0a043",opFill:"#ffffff",opStroke:"#a2abb8",ioFill:"#e4f5e9",ioStroke:"#5fb77c",edge:"#8891a0",edgeLabel:"#5b6575",selected:"#e8590c",matchFill:"#fff3a3",matchStroke:"#e0a800",toggleFill:"#ffffff",panelBackground:"#f7f8fa",panelBorder:"#d5d9e0",buttonBackground:"#ffffff",error:"#c62828"},Qt={background:"#1b1d21",text:"#e3e6eb",mutedText:"#9aa3b0",frameFill:"#8fb0ff",frameFillOpacity:"0.06",frameStroke:"#4a5262",moduleFill:"#1f3150",moduleStroke:"#5b84d6",repeatFill:"#3b2f1b",repeatStroke:"#c58b34",opFill:"#262a30",opStroke:"#687284",ioFill:"#1b3a27",ioStroke:"#4fa56d",edge:"#7e8898",edgeLabel:"#a2abb8",selected:"#ff8a50",matchFill:"#5a5218",matchStroke:"#f2d036",toggleFill:"#2b2f36",panelBackground:"#23262b",panelBorder:"#3a3f47",buttonBackground:"#2d3137",error:"#ff8a80"};var xt=class{constructor(e,t){c(this,"svg",e);c(this,"target",t);c(this,"transform",{x:0,y:0,k:1});c(this,"drag",null);c(this,"swallowClick",!1);c(this,"listeners",[]);this.listen("wheel",r=>this.onWheel(r),{passive:!1}),this.listen("pointerdown",r=>this.onPointerDown(r)),this.listen("pointermove",r=>this.onPointerMove(r)),this.listen("pointerup",r=>this.onPointerUp(r)),this.listen("pointercancel",r=>this.onPointerUp(r)),this.listen("click",r=>{this.swallowClick&&(r.stopPropagation(),r.preventDefault(),this.swallowClick=!1)},{capture:!0})}get current(){return{...this.transform}}set(e){this.transform={...e,k:Qr(e.k,.005,4)},this.target.setAttribute("transform",`translate(${this.transform.x},${this.transform.y}) scale(${this.transform.k})`)}fit(e,t=16){let{width:r,height:n}=this.size();if(r<=0||n<=0||e.width<=0||e.height<=0)return;let i=Math.min((r-2*t)/e.width,(n-2*t)/e.height,1.5);this.set({k:i,x:(r-e.width*i)/2-e.x*i,y:(n-e.height*i)/2-e.y*i})}overview(e,t=.75,r=16){let{width:n,height:i}=this.size();if(n<=0||i<=0||e.width<=0||e.height<=0)return;let a=Math.min((n-2*r)/e.width,(i-2*r)/e.height,1.5);if(a>=t){this.fit(e,r);return}let o=Math.max(a,Math.min(t,(n-2*r)/e.width));this.set({k:o,x:(n-e.width*o)/2-e.x*o,y:r-e.y*o})}ensureVisible(e){let{width:t,height:r}=this.size(),{x:n,y:i,k:a}=this.transform,o=e.x*a+n,d=e.y*a+i;o>=0&&d>=0&&o+e.width*a<=t&&d+e.height*a<=r||this.set({k:a,x:t/2-(e.x+e.width/2)*a,y:r/2-(e.y+e.height/2)*a})}toScreen(e,t){return{x:e*this.transform.k+this.transform.x,y:t*this.transform.k+this.transform.y}}pin(e,t,r){let{k:n}=this.transform;this.set({k:n,x:r.x-e*n,y:r.y-t*n})}zoomBy(e,t){let{width:r,height:n}=this.size(),i=t??{x:r/2,y:n/2},{x:a,y:o,k:d}=this.transform,h=Qr(d*e,.005,4);this.set({k:h,x:i.x-(i.x-a)*h/d,y:i.y-(i.y-o)*h/d})}destroy(){for(let[e,t,r]of this.listeners)this.svg.removeEventListener(e,t,r)}size(){let e=this.svg.getBoundingClientRect();return{width:e.width,height:e.height}}listen(e,t,r){this.svg.addEventListener(e,t,r),this.listeners.push([e,t,r])}onWheel(e){e.preventDefault();let t=e.deltaMode===1?16:e.deltaMode===2?400:1,r=this.svg.getBoundingClientRect();this.zoomBy(Math.exp(-e.deltaY*t*.0015),{x:e.clientX-r.left,y:e.clientY-r.top})}onPointerDown(e){e.button!==0||this.drag!==null||(this.swallowClick=!1,this.drag={pointerId:e.pointerId,startX:e.clientX,startY:e.clientY,origin:this.current,moving:!1})}onPointerMove(e){let t=this.drag;if(t===null||t.pointerId!==e.pointerId)return;let r=e.clientX-t.startX,n=e.clientY-t.startY;if(!t.moving){if(Math.hypot(r,n)<4)return;t.moving=!0,this.svg.setPointerCapture(e.pointerId),this.svg.style.cursor="grabbing"}this.set({...t.origin,x:t.origin.x+r,y:t.origin.y+n})}onPointerUp(e){let t=this.drag;t===null||t.pointerId!==e.pointerId||(this.drag=null,t.moving&&(this.swallowClick=!0,this.svg.style.cursor="",this.svg.hasPointerCapture(e.pointerId)&&this.svg.releasePointerCapture(e.pointerId)))}};function Qr(s,e,t){return Math.min(t,Math.max(e,s))}var cn=24,pn=250,hn=150,er=class{constructor(e,t){c(this,"options",t);c(this,"root");c(this,"canvasArea");c(this,"status");c(this,"toolbar");c(this,"legend");c(this,"overlay",null);c(this,"badges",null);c(this,"measure",Br());c(this,"renderer",new yt(this.measure));c(this,"viewport");c(this,"panel");c(this,"client");c(this,"resizeObserver");c(this,"theme",Jt);c(this,"model",null);c(this,"tree",null);c(this,"generation",0);c(this,"expanded",new Set);c(this,"selected",null);c(this,"query","");c(this,"matches",[]);c(this,"drawnKey",null);c(this,"drawnLayout",null);c(this,"fitPending",!1);c(this,"anchor",null);c(this,"revealTarget",null);c(this,"waiters",[]);c(this,"busyTimer",null);c(this,"destroyed",!1);this.root=document.createElement("div"),this.root.setAttribute("data-testid","graph-view"),Object.assign(this.root.style,{display:"flex",width:"100%",height:"100%",minHeight:"200px",overflow:"hidden",fontFamily:Ie,position:"relative"}),this.canvasArea=document.createElement("div"),Object.assign(this.canvasArea.style,{flex:"1 1 auto",position:"relative",minWidth:"0",overflow:"hidden"}),this.canvasArea.appendChild(this.renderer.svg),this.root.appendChild(this.canvasArea),this.toolbar=document.createElement("div"),Object.assign(this.toolbar.style,{position:"absolute",top:"8px",left:"8px",display:"flex",gap:"4px",alignItems:"center",fontSize:"12px"}),this.addButton("Fit","graph-fit","Fit the graph to the view",()=>this.fit()),this.addButton("+","graph-zoom-in","Zoom in",()=>this.viewport.zoomBy(1.25)),this.addButton("−","graph-zoom-out","Zoom out",()=>this.viewport.zoomBy(.8)),this.addButton("Reset","graph-reset","Back to the default expansion",()=>this.resetExpansion()),this.status=document.createElement("span"),this.status.setAttribute("data-testid","graph-status"),this.status.style.marginLeft="6px",this.toolbar.appendChild(this.status),this.canvasArea.appendChild(this.toolbar),this.legend=document.createElement("div"),this.legend.setAttribute("data-testid","graph-legend"),Object.assign(this.legend.style,{position:"absolute",left:"8px",bottom:"8px",padding:"6px 10px",borderRadius:"6px",fontSize:"11px",display:"none",maxWidth:"320px",boxSizing:"border-box"}),this.canvasArea.appendChild(this.legend),this.panel=new bt({close:()=>this.selectNode(null,!0),openActivations:r=>this.options.onOpenActivations(r),selectNode:r=>this.selectNode(r,!0,!0),renderThumbnail:t.renderThumbnail},this.theme),this.root.appendChild(this.panel.element),this.viewport=new xt(this.renderer.svg,this.renderer.viewport),this.renderer.svg.addEventListener("click",r=>this.onClick(r)),this.renderer.svg.addEventListener("dblclick",r=>this.onDoubleClick(r)),this.resizeObserver=new ResizeObserver(()=>{this.fitPending&&this.drawnLayout!==null&&this.fit(!0)}),this.resizeObserver.observe(this.canvasArea),this.client=new ut(t.workerUrl),this.applyTheme(),this.setState("empty"),e.appendChild(this.root)}async setStructure(e){let t;try{t=Wr(e)}catch(i){throw this.showError(i instanceof Error?i.message:String(i)),i}this.model!==null&&this.tree!==null&&t.hash!==""&&t.hash===this.model.hash||(this.generation++,this.model=t,this.tree=Or(t),this.expanded=Wt(this.tree),this.selected=null,this.panel.show(t,null),this.client.clearCache(),this.drawnKey=null,this.drawnLayout=null,this.renderer.clear(),this.fitPending=!0,this.anchor=null,this.revealTarget=null,this.applySearch(!1));let n=this.whenReady();return this.refresh(),n}setStep(e){this.panel.setStep(e)}select(e){if(e===null||this.model===null||this.tree===null){this.selectNode(null,!1);return}let t=this.model.nodeByLayer.get(e);this.selectNode(t===void 0?null:this.tree.byGraphId[t],!1,!0)}search(e){this.query=e,this.applySearch(!0)}setOverlay(e){this.overlay=e,this.legend.replaceChildren(),e?.legend&&this.legend.appendChild(e.legend),this.legend.style.display=e?.legend?"block":"none",this.root.setAttribute("data-overlay",e?e.label:""),this.decorate()}setBadges(e){this.badges=e,this.decorate()}exportSVG(){return Pr(this.renderer.svg,this.renderer.viewport,this.renderer.bounds,this.theme.background)}exportPNG(){try{return Vr(this.exportSVG())}catch(e){return Promise.reject(e)}}setDark(e){let t=e?Qt:Jt;t!==this.theme&&(this.theme=t,this.applyTheme(),this.panel.setTheme(t),this.drawnLayout!==null&&this.model!==null&&this.tree!==null&&(this.renderer.draw(this.model,this.tree,this.expanded,this.drawnLayout,this.theme),this.decorate()))}destroy(){if(!this.destroyed){this.destroyed=!0,this.client.destroy(),this.viewport.destroy(),this.resizeObserver.disconnect(),this.busyTimer!==null&&clearTimeout(this.busyTimer),this.root.remove();for(let e of this.waiters.splice(0))e.resolve()}}toggle(e){if(!z(e)||e.children.length===0)return;let t=this.renderer.rectOf(e.id);t!==void 0&&(this.anchor={id:e.id,screen:this.viewport.toScreen(t.x,t.y)}),this.expanded.has(e.id)?this.expanded.delete(e.id):this.expanded.add(e.id),this.refresh()}resetExpansion(){this.tree!==null&&(this.expanded=Wt(this.tree),this.fitPending=!0,this.refresh())}currentKey(){return`${this.generation}|${Dr(this.expanded)}`}async refresh(){let{model:e,tree:t}=this;if(e===null||t===null||this.destroyed)return;let r=this.currentKey();if(r===this.drawnKey){this.afterDraw();return}let n=this.client.cached(r);if(n===void 0){this.setState("layout"),this.showBusySoon();let i=jr(e,t,this.expanded,Fr(e,t,this.expanded),this.measure);try{n=await this.client.layout(r,i)}catch(a){if(a instanceof ze||this.destroyed)return;r===this.currentKey()&&this.showError(a instanceof Error?a.message:String(a));return}if(this.destroyed||r!==this.currentKey())return}this.renderer.draw(e,t,this.expanded,n,this.theme),this.drawnKey=r,this.drawnLayout=n,this.afterDraw()}afterDraw(){if(this.fitPending)this.fit(!0);else if(this.anchor!==null){let e=this.renderer.rectOf(this.anchor.id);e!==void 0&&this.viewport.pin(e.x,e.y,this.anchor.screen)}if(this.anchor=null,this.revealTarget!==null){let e=this.renderer.rectOf(this.revealTarget);e!==void 0&&!this.fitPending&&this.viewport.ensureVisible(e),this.revealTarget=null}this.decorate(),this.clearBusy(),this.showMatchCount(),this.setState("ready");for(let e of this.waiters.splice(0))e.resolve()}fit(e=!1){let{width:t,height:r}=this.renderer.bounds;if(t<=0)return;let n=this.canvasArea.getBoundingClientRect();if(n.width<=0||n.height<=0){this.fitPending=!0;return}e?this.viewport.overview({x:0,y:0,width:t,height:r}):this.viewport.fit({x:0,y:0,width:t,height:r}),this.fitPending=!1}whenReady(){return new Promise((e,t)=>this.waiters.push({resolve:e,reject:t}))}selectNode(e,t,r=!1){if(this.model!==null){if(this.selected=e,this.panel.show(this.model,e),t){let n=e!==null&&e.kind==="module"?this.model.nodes[e.graphId].layer:null;this.options.onSelect(n)}if(e!==null&&r){if(this.revealTarget=e.id,Kt(this.expanded,e)){this.refresh();return}let n=this.renderer.rectOf(e.id);n!==void 0&&this.viewport.ensureVisible(n),this.revealTarget=null}this.applyHighlight()}}applySearch(e){if(!(this.model===null||this.tree===null)){this.matches=Jr(this.model,this.tree,this.query);for(let[t,r]of this.matches.slice(0,cn).entries()){let n=new Set(this.expanded);if(Kt(n,r)){if(t>0&&_r(this.tree,n)>pn)break;this.expanded=n}}this.revealTarget=this.matches.length>0?this.matches[0].id:null,e&&this.refresh()}}decorate(){if(this.model!==null&&this.tree!==null){let e=t=>this.renderer.isDrawn(t);this.renderer.setFills(this.overlay?qr(this.model,this.tree,this.overlay,e):new Map),this.renderer.drawBadges(this.badges?Xr(this.model,this.tree,this.expanded,this.badges,e):new Map,this.theme)}this.applyHighlight()}applyHighlight(){let e=new Set,t=new Set;for(let r of this.matches)this.renderer.isDrawn(r.id)?e.add(r.id):t.add(ht(this.expanded,r).id);this.renderer.highlight({selected:this.selected?.id??null,matches:e,hiding:t},this.theme),this.root.setAttribute("data-matches",String(this.matches.length))}nodeOf(e){let r=(e.target instanceof Element?e.target.closest('[data-testid="graph-node"]'):null)?.getAttribute("data-id");return r?this.tree?.byId.get(r)??null:null}onClick(e){let t=this.nodeOf(e);if(t===null){this.selected!==null&&this.selectNode(null,!0);return}e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null?this.toggle(t):this.selectNode(t,!0)}onDoubleClick(e){let t=this.nodeOf(e),r=e.target instanceof Element&&e.target.closest('[data-role="toggle"]')!==null;t!==null&&!r&&this.toggle(t)}addButton(e,t,r,n){let i=document.createElement("button");i.textContent=e,i.title=r,i.setAttribute("data-testid",t),i.addEventListener("click",n),this.toolbar.appendChild(i)}applyTheme(){this.root.style.background=this.theme.background,this.root.style.color=this.theme.text,this.root.setAttribute("data-theme",this.theme===Qt?"dark":"light");for(let e of this.toolbar.querySelectorAll("button"))Object.assign(e.style,{background:this.theme.buttonBackground,color:this.theme.text,cursor:"pointer",font:"inherit",border:`1px solid ${this.theme.panelBorder}`,borderRadius:"4px",padding:"2px 8px",minWidth:"26px"});this.status.style.color=this.root.getAttribute("data-state")==="error"?this.theme.error:this.theme.mutedText,Object.assign(this.legend.style,{background:this.theme.panelBackground,color:this.theme.text,border:`1px solid ${this.theme.panelBorder}`})}setState(e){this.root.setAttribute("data-state",e)}showBusySoon(){this.busyTimer===null&&(this.busyTimer=setTimeout(()=>{this.busyTimer=null,this.root.getAttribute("data-state")==="layout"&&(this.status.textContent="Laying out…")},hn))}clearBusy(){this.busyTimer!==null&&clearTimeout(this.busyTimer),this.busyTimer=null,this.status.textContent="",this.status.style.color=this.theme.mutedText}showMatchCount(){if(this.query.trim()==="")return;let e=this.matches.length;this.status.textContent=e===0?"No matches":e===1?"1 match":`${e} matches`}showError(e){this.clearBusy(),this.setState("error"),this.status.textContent=e,this.status.style.color=this.theme.error;for(let t of this.waiters.splice(0))t.reject(new Error(e))}};function wt(s,e){return new er(s,e)}var de=[{name:"activation_std",label:"Output std",kind:"positive"},{name:"activation_mean",label:"Output mean",kind:"signed"},{name:"activation_min",label:"Output min",kind:"signed"},{name:"activation_max",label:"Output max",kind:"signed"},{name:"activation_absmax",label:"Output |max|",kind:"positive"},{name:"activation_rms",label:"Output RMS",kind:"positive"},{name:"activation_zeros",label:"Zero (dead) fraction",kind:"fraction"},{name:"activation_saturated",label:"Saturated fraction (tanh/sigmoid)",kind:"fraction"},{name:"activation_nonfinite",label:"NaN/Inf in output",kind:"count"},{name:"param_norm",label:"Weight norm",kind:"positive"},{name:"param_nonfinite",label:"NaN/Inf in weights",kind:"count"},{name:"grad_norm",label:"Gradient norm",kind:"positive",preferLog:!0},{name:"grad_nonfinite",label:"NaN/Inf in gradients",kind:"count"},{name:"update_ratio",label:"Update ratio ‖ΔW‖/‖W‖",kind:"positive",preferLog:!0}],un=new Map(de.map(s=>[s.name,s]));function ce(s){return un.get(s)??{name:s,label:s,kind:"signed"}}function be(s,e){let t=ce(s).kind;return t==="fraction"?ae(e):t==="count"?_(e):T(e)}var Ke="#e8417e";function es(s,e){let t=s.position(e);return Number.isNaN(t)?Ke:He(s.colormap,t)}var mn=100,gn=3;function Ce(s,e,t="viridis"){let r=e-s;return{kind:"linear",lo:s,hi:e,colormap:t,position:n=>r>0?St((n-s)/r):.5}}function fn(s,e,t="viridis"){let r=Math.log10(s),n=Math.log10(e)-r;return{kind:"log",lo:s,hi:e,colormap:t,position:i=>i<=0?NaN:n>0?St((Math.log10(i)-r)/n):.5}}function We(s){let e=s>0&&Number.isFinite(s)?s:1;return{kind:"diverging",lo:-e,hi:e,colormap:"diverging",position:t=>St(.5+t/(2*e))}}function Ne(s,e,t=!1){let r=1/0,n=-1/0,i=1/0,a=!1;for(let d of e)d==null||!Number.isFinite(d)||(d<r&&(r=d),d>n&&(n=d),d>0&&d<i&&(i=d),d===0&&(a=!0));if(s==="fraction"||r===1/0)return Ce(0,1);if(s==="signed"&&r<0&&n>0)return We(Math.max(-r,n));if(s==="count")return Ce(0,Math.max(n,1),"magma");let o=n/i>(t?gn:mn);return r>=0&&i!==1/0&&(o||t&&a)?{...fn(i,n),hasZero:a}:Ce(r,n)}var ts=.01;function vn(s,e=ts){let t=s>0&&Number.isFinite(s)?s:1,r=Math.min(e,t),n=a=>Math.sign(a)*Math.log10(1+Math.abs(a)/r),i=n(t);return{kind:"symlog",lo:-t,hi:t,colormap:"diverging",position:a=>St(.5+n(a)/(2*i))}}var bn=10;function rs(s){let e=0;for(let t of s)t!=null&&Number.isFinite(t)&&(e=Math.max(e,Math.abs(t)));return e===0?We(1):e>ts*bn?vn(e):We(e)}function St(s){return s<0?0:s>1?1:s}function re(s,e){let t=l("canvas",{class:"mv-legend-bar",attrs:{"aria-hidden":"true"}});Je(t,s.colormap);let r=l("div",{class:"mv-legend-labels"},l("span",{},e.format(s.lo)),s.kind==="diverging"||s.kind==="symlog"?l("span",{},"0"):s.kind==="log"?l("span",{class:"mv-muted"},"log scale"):null,l("span",{},e.format(s.hi)));return l("div",{class:"mv-legend",testid:e.testid,dataset:{scale:s.kind}},e.title?l("div",{class:"mv-legend-title"},e.title):null,l("div",{class:"mv-legend-scale"},t,r),s.kind==="symlog"?l("div",{class:"mv-muted mv-legend-note"},"log scale both ways: every ×10 the same step of colour"):null,s.hasZero||e.missing?l("div",{class:"mv-legend-missing"},s.hasZero?l("span",{class:"mv-legend-swatch",style:{background:Ke}}):null,s.hasZero?"exactly 0":null,e.missing?l("span",{class:"mv-legend-swatch",style:e.missingColor?{background:e.missingColor}:{}}):null,e.missing??null):null)}var yn=16;function ss(s,e,t,r){let n=ue(s,0,e),i=s.lo[0][t],a=s.hi[0][t],o=new Float32Array(r);for(let d=0;d<r;d++)o[d]=i+s.values[n+d]/255*(a-i);return o}function xn(s,e){if(s.layout!==e.layout)return`A is stored as ${s.layout} and B as ${e.layout}`;if(s.shape.length!==e.shape.length||s.shape.some((t,r)=>r>0&&t!==e.shape[r])){let t=s.sourceShape.slice(1),r=e.sourceShape.slice(1);return t.length!==r.length||t.some((n,i)=>n!==r[i])?`the layer's output is ${K(t)} at A and ${K(r)} at B: outputs of different shapes cannot be subtracted`:`A was stored at ${K(s.shape.slice(1))} and B at ${K(e.shape.slice(1))} (the byte budget downsampled them differently)`}return s.shape[0]===0||e.shape[0]===0?"one of the samples is empty":null}function wn(s,e){let{planes:t,width:r,height:n}=ie(s),i=r*n,a=[];for(let o=0;o<Math.min(t,yn);o++){let d=s.layout==="chw"?o:0,h=ss(s,o,d,i),u=ss(e,o,d,i),m=new Float32Array(i),p=0;for(let v=0;v<i;v++)m[v]=u[v]-h[v],p=Math.max(p,Math.abs(m[v]));let g=Math.min(s.lo[0][d],e.lo[0][d]),f=Math.max(s.hi[0][d],e.hi[0][d]);a.push({a:h,b:u,diff:m,lo:g,hi:f,span:p})}return a}function tr(s,e,t,r,n,i,a){let o=l("canvas",{class:"mv-compare-canvas",testid:s}),d=r===1?Math.max(1,Math.round(t/12)):r,h=Math.ceil(Math.sqrt(e.length)),u=Math.ceil(e.length/h),m=e.length>1?Math.max(1,Math.round(Math.max(t,d)/16)):0;o.width=h*t+(h-1)*m,o.height=u*d+(u-1)*m;let p=o.getContext("2d");if(!p)return o;let g=ne(a);return e.forEach((f,v)=>{let x=n(f),b=i(f),L=p.createImageData(t,d);for(let k=0;k<d;k++)for(let E=0;E<t;E++){let A=x[(r===1?0:k)*t+E],P=Math.round(b.position(A)*255)*3,S=(k*t+E)*4;L.data[S]=g[P],L.data[S+1]=g[P+1],L.data[S+2]=g[P+2],L.data[S+3]=255}p.putImageData(L,v%h*(t+m),Math.floor(v/h)*(d+m))}),o}function rr(s,e,t){return l("figure",{class:"mv-compare-figure"},l("figcaption",{},s),e,t)}function ns(s,e,t){let r=xn(s,e),{planes:n,width:i,height:a}=ie(s);if(r)return l("p",{class:"mv-muted",testid:"compare-sample-mismatch"},`No difference map: ${r}.`);let o=wn(s,e),d=f=>Ce(f.lo,f.hi),h=f=>We(f.span),u=o.length===1,m=u?re(d(o[0]),{format:T}):null,p=u?re(h(o[0]),{format:T}):null,g=n>o.length?`first ${o.length} of ${n} channels`:n>1?`${n} channels`:"";return l("div",{class:"mv-compare-samples"},l("div",{class:"mv-compare-figures"},rr(`A · ${t[0]}`,tr("compare-sample-a",o,i,a,f=>f.a,d,"viridis"),m),rr(`B · ${t[1]}`,tr("compare-sample-b",o,i,a,f=>f.b,d,"viridis"),m?m.cloneNode(!0):null),rr("B − A",tr("compare-sample-diff",o,i,a,f=>f.diff,h,"diverging"),p)),l("p",{class:"mv-muted mv-compare-note"},["First batch item",g,u?"":"each channel on its own scale, shared by A and B; B − A blue where B is lower, red where higher","A and B are outputs for the inputs logged at their own steps, so B − A shows a change of input as well as of the model unless the same batch was logged"].filter(Boolean).join("; ")+"."))}var is="param_norm",Mt=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"runSelect");c(this,"stepSelect");c(this,"statisticSelect");c(this,"bLabel");c(this,"body");c(this,"inputsSlot");c(this,"archSlot");c(this,"tableSlot");c(this,"graphHost");c(this,"graphLegend");c(this,"detail");c(this,"graph",null);c(this,"context",null);c(this,"statistic",is);c(this,"sort",{key:"relative",descending:!0});c(this,"diff",null);c(this,"diffFor","");c(this,"detailFor","");c(this,"visible",!1);c(this,"dark",!1);this.runSelect=l("select",{testid:"compare-run",attrs:{"aria-label":"Run of A"},on:{change:()=>this.pickRun()}}),this.stepSelect=l("select",{testid:"compare-step",attrs:{"aria-label":"Step of A"},on:{change:()=>this.handlers.onReference(this.runSelect.value,Number(this.stepSelect.value))}}),this.statisticSelect=l("select",{testid:"compare-statistic",attrs:{"aria-label":"Statistic to compare"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de.map(r=>l("option",{attrs:{value:r.name}},r.label))),this.statisticSelect.value=this.statistic,this.bLabel=l("span",{class:"mv-compare-b mv-mono",testid:"compare-b"}),this.inputsSlot=l("div",{testid:"compare-inputs"}),this.archSlot=l("div",{testid:"compare-architecture"}),this.tableSlot=l("div",{class:"mv-compare-table"}),this.graphHost=l("div",{class:"mv-compare-graph",testid:"compare-graph"}),this.graphLegend=l("div",{class:"mv-muted mv-compare-graph-note"}),this.detail=l("div",{class:"mv-card",testid:"compare-detail"}),this.body=l("div",{class:"mv-compare-body"},this.inputsSlot,this.archSlot,l("div",{class:"mv-compare-row"},l("div",{class:"mv-card mv-compare-table-card"},l("h3",{},"Every layer",l("span",{class:"mv-card-note"},"click a header to sort, a row to open the layer")),this.tableSlot),l("div",{class:"mv-card mv-compare-graph-card"},l("h3",{},"Graph coloured by the change"),this.graphHost,this.graphLegend)),this.detail),this.element=l("section",{class:"mv-view mv-compare"},l("div",{class:"mv-view-bar"},l("span",{class:"mv-compare-side"},"A"),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Run"),this.runSelect),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Step"),this.stepSelect),l("span",{class:"mv-compare-arrow"},"→"),l("span",{class:"mv-compare-side"},"B"),this.bLabel,l("span",{class:"mv-spacer"}),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Compare"),this.statisticSelect)),this.body)}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de.some(t=>t.name===e)?e:is,this.statisticSelect.value=this.statistic,this.diff&&this.renderDiff()}setVisible(e){this.visible=e,this.refresh()}invalidate(){this.diffFor=""}setDark(e){this.dark=e,this.graph?.setDark(e)}refresh(){let e=this.context;if(!this.visible||!e)return;this.renderSelectors(e);let{a:t,b:r}=e,n=[t.run,t.tag,t.step,r.run,r.tag,r.step].join("\0");n!==this.diffFor?(this.diffFor=n,this.detailFor="",this.load(e,n)):this.diff&&(this.renderDetail(),this.highlightRow())}renderSelectors(e){let t=e.runs.filter(n=>n.tags.some(i=>i.steps.length));y(this.runSelect,...t.map(n=>l("option",{attrs:{value:n.run}},n.run))),this.runSelect.value=e.a.run;let r=this.stepsOf(e.a.run,e.a.tag);y(this.stepSelect,...r.map(n=>l("option",{attrs:{value:n}},String(n)))),this.stepSelect.value=String(e.a.step),this.bLabel.textContent=`${e.b.run} · step ${e.b.step}`,this.bLabel.title="B is the run and step chosen in the toolbar"}stepsOf(e,t){let r=this.context?.runs.find(n=>n.run===e);return(r?.tags.find(n=>n.tag===t)??r?.tags[0])?.steps??[]}pickRun(){let e=this.context;if(!e)return;let t=this.stepsOf(this.runSelect.value,e.b.tag);if(t.length===0)return;let r=e.b.step,n=t.reduce((i,a)=>Math.abs(a-r)<Math.abs(i-r)?a:i,t[0]);this.handlers.onReference(this.runSelect.value,n)}async load(e,t){let{a:r,b:n}=e;this.diff=null,y(this.tableSlot,l("p",{class:"mv-muted"},"Loading…")),y(this.detail),y(this.inputsSlot);let i=r.run!==n.run||r.tag!==n.tag;try{let[a,o]=await Promise.all([this.store.stepDiff(r,n),i?this.store.architectureDiff(r,n):Promise.resolve(null)]);if(t!==this.diffFor)return;this.diff=a;let d=a.structures[0]!==a.structures[1],h=o??(d?await this.store.architectureDiff(r,n):null);if(t!==this.diffFor)return;y(this.inputsSlot,a.same_inputs===!1?Sn():null),y(this.archSlot,h?kn(h,r,n):null),this.ensureGraph(),this.graph.setStructure(e.structure).catch(()=>{}),this.renderDiff()}catch(a){if(t!==this.diffFor||we(a))return;y(this.archSlot),y(this.tableSlot,l("p",{class:"mv-error-text",testid:"compare-error"},a.message))}}ensureGraph(){this.graph||(this.graph=wt(this.graphHost,{workerUrl:new URL("./static/layout_worker.js",document.baseURI).href,onSelect:e=>{e&&this.handlers.onSelect(e)},onOpenActivations:e=>this.handlers.onSelect(e)}),this.graph.setDark(this.dark))}renderDiff(){let e=this.diff;if(!e)return;let t=this.statistic,r=e.layers.filter(i=>i.a[t]!==null||i.b[t]!==null),n=rs(r.map(i=>i.relative[t]));this.renderTable(r,t,n),this.colourGraph(r,t,n),this.renderDetail()}renderTable(e,t,r){let n=ce(t);if(e.length===0){y(this.tableSlot,l("p",{class:"mv-muted",testid:"compare-empty"},`Neither step has a value of “${n.label}” for any layer.`));return}let i=new Map(e.map((m,p)=>[m.key,p])),a=m=>{switch(this.sort.key){case"a":return m.a[t];case"b":return m.b[t];case"delta":return kt(m.delta[t]);case"relative":return kt(m.relative[t]);default:return i.get(m.key)}},o=[...e].sort((m,p)=>{let g=a(m),f=a(p);return g===null||f===null?g===f?i.get(m.key)-i.get(p.key):g===null?1:-1:this.sort.descending?f-g:g-f}),d=(m,p,g)=>l("th",{class:(m==="order"?"":"is-numeric")+(this.sort.key===m?" is-sorted":""),title:g,dataset:{sort:m},on:{click:()=>{this.sort={key:m,descending:this.sort.key===m?!this.sort.descending:m!=="order"},this.renderTable(e,t,r)}}},p,this.sort.key===m?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null),h=m=>be(t,m),u=l("tbody",{},...o.map(m=>{let p=m.relative[t];return l("tr",{testid:"compare-row",dataset:{key:m.key},class:m.key===this.context?.layer?"is-selected":"",on:{click:()=>this.handlers.onSelect(m.key)}},l("td",{class:"mv-compare-name"},Rr(F(m),`${F(m)} (${m.type??"?"})`)),l("td",{class:"is-numeric",title:h(m.a[t])},h(m.a[t])),l("td",{class:"is-numeric",title:h(m.b[t])},h(m.b[t])),l("td",{class:"is-numeric",title:sr(m.delta[t],h)},sr(m.delta[t],h)),l("td",{class:"is-numeric mv-compare-change"},p===null?"–":l("span",{class:"mv-change-swatch",style:{background:He("diverging",r.position(p))}}),p===null?null:Tt(p)))}));y(this.tableSlot,l("div",{class:"mv-table-scroll mv-scroll-visible",testid:"compare-table-scroll"},l("table",{class:"mv-table mv-compact mv-sortable mv-compare-grid",testid:"compare-table"},l("colgroup",{},l("col",{}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-value"}),l("col",{class:"mv-col-delta"}),l("col",{class:"mv-col-change"})),l("thead",{},l("tr",{},d("order","layer","Model order"),d("a","A",`${n.label} at A`),d("b","B",`${n.label} at B`),d("delta","B − A","Difference (sorted by size)"),d("relative","change","(B − A) / |A| (sorted by size)"))),u)))}highlightRow(){for(let e of this.tableSlot.querySelectorAll("tr[data-key]"))e.classList.toggle("is-selected",e.dataset.key===this.context?.layer)}colourGraph(e,t,r){if(!this.graph)return;let n=new Map;for(let a of e){let o=a.relative[t];o!==null&&Number.isFinite(o)&&n.set(a.key,o)}let i=`Change of ${ce(t).label}`;this.graph.setOverlay({label:i,values:n,color:a=>He("diverging",r.position(a)),format:Tt,combine:"maxAbs",legend:re(r,{title:`${i}, (B − A) / |A|`,format:Tt,missing:"no value at A or B",testid:"compare-legend"})}),this.graphLegend.textContent=n.size===0?"No layer has this statistic at both A and B.":"Blue: lower at B; red: higher at B."}renderDetail(){let e=this.context,t=this.diff;if(!e||!t)return;let r=t.layers.find(o=>o.key===e.layer)??this.mostChanged(t),n=[this.diffFor,r?.key].join("\0");if(n===this.detailFor)return;if(this.detailFor=n,!r){y(this.detail,l("p",{class:"mv-muted"},"Pick a layer in the table or the graph."));return}let i=de.filter(o=>r.a[o.name]!==null||r.b[o.name]!==null),a=l("div",{class:"mv-muted mv-chart-placeholder"},"Loading activation samples…");y(this.detail,l("div",{class:"mv-detail-header"},l("h2",{class:"mv-mono",testid:"compare-layer-name"},F(r)),l("span",{class:"mv-type-chip"},r.type??"?"),t.only_in_a.includes(r.key)?l("span",{class:"mv-badge"},"only in A"):null,t.only_in_b.includes(r.key)?l("span",{class:"mv-badge"},"only in B"):null,l("span",{class:"mv-spacer"}),X(r.key,"compare")),l("div",{class:"mv-compare-detail-row"},l("table",{class:"mv-table mv-compact",testid:"compare-layer-stats"},l("thead",{},l("tr",{},l("th",{},"statistic"),l("th",{class:"is-numeric"},"A"),l("th",{class:"is-numeric"},"B"),l("th",{class:"is-numeric"},"B − A"),l("th",{class:"is-numeric"},"change"))),l("tbody",{},...i.map(o=>{let d=u=>be(o.name,u),h=r.relative[o.name];return l("tr",{class:o.name===this.statistic?"is-selected":""},l("td",{},o.label),l("td",{class:"is-numeric"},d(r.a[o.name])),l("td",{class:"is-numeric"},d(r.b[o.name])),l("td",{class:"is-numeric"},sr(r.delta[o.name],d)),l("td",{class:"is-numeric"},h===null?"–":Tt(h)))}))),l("div",{class:"mv-compare-sample-slot"},a))),this.loadSamples(e,r.key,a,n)}mostChanged(e){let t;for(let r of e.layers){if(r.depth===0)continue;let n=kt(r.relative[this.statistic]);n!==null&&(t===void 0||n>kt(t.relative[this.statistic]))&&(t=r)}return t??e.layers.find(r=>r.depth!==0)}async loadSamples(e,t,r,n){let{a:i,b:a}=e,o=g=>i.run===a.run?`step ${g.step}`:`${g.run} · step ${g.step}`,d=async g=>{let f=await this.store.step(g);if(!(t in f.samples))throw new Error(`no activation sample of this layer was stored at ${o(g)}`);return this.store.sample(g,t)},h=await Promise.allSettled([d(i),d(a)]);if(n!==this.detailFor)return;let[u,m]=h;if(u.status==="fulfilled"&&m.status==="fulfilled"){r.replaceChildren(ns(u.value,m.value,[o(i),o(a)]));return}let p=(g,f)=>g.status==="rejected"?`${f}: ${g.reason.message}`:null;r.replaceChildren(l("p",{class:"mv-muted",testid:"compare-no-sample"},"No activation maps to compare.",...[p(u,"A"),p(m,"B")].filter(Boolean).map(g=>l("span",{class:"mv-block"},g))))}};function Sn(){return l("div",{class:"mv-card mv-inputs-note",testid:"compare-different-inputs"},l("h3",{},"A and B ran on different inputs"),l("p",{},"The changes below mix how the model changed with how its inputs differ, and the maps B − A subtract the activations of different inputs. To compare the model alone, log the same inputs at every step (a fixed probe batch)."))}function kt(s){return s==null||!Number.isFinite(s)?null:Math.abs(s)}function sr(s,e){return s==null?"–":(s>0?"+":"")+e(s)}function Tt(s){let e=s*100,t=Math.abs(e),r=s>0?"+":s<0?"-":"";if(t>=1e6)return r+O(t)+" %";let n=t>=10?Math.round(t).toLocaleString("en-US"):t.toFixed(1);return r+n+" %"}function kn(s,e,t){let r=o=>`${o.run} · step ${o.step}`,n=(o,d,h)=>l("div",{class:"mv-arch-side"},l("span",{class:"mv-compare-side"},o),l("span",{class:"mv-mono"},r(d)),l("span",{class:"mv-mono"},h.model_type??"?"),l("span",{class:"mv-muted"},`${O(h.params)} parameters, ${O(h.frozen)} frozen`));if(s.identical)return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture"),l("p",{testid:"arch-identical"},`Same architecture in both: ${s.b.model_type??"model"}, ${O(s.b.params)} parameters.`));let i=(o,d,h,u)=>l("li",{class:"mv-arch-item",testid:"arch-diff-item",dataset:{change:o}},l("span",{class:"mv-arch-sign"},d),l("span",{class:"mv-mono"},F(h)),l("span",{class:"mv-muted"},h.type??""),l("span",{},u)),a=[...s.added.map(o=>i("added","+",o,`added, ${O(o.params_total)} parameters`)),...s.removed.map(o=>i("removed","−",o,`removed, ${O(o.params_total)} parameters`)),...s.changed.map(o=>i("changed","~",o,Object.entries(o.changes).map(([d,[h,u]])=>`${d.replace(/_/g," ")}: ${Lt(h)} → ${Lt(u)}`).join("; "))),...s.frozen.map(o=>i("frozen","❄",o,`frozen (${O(o.params)} parameters no longer trainable)`)),...s.unfrozen.map(o=>i("unfrozen","✎",o,`unfrozen (${O(o.params)} parameters trainable again)`))];return l("div",{class:"mv-card mv-arch",testid:"arch-diff"},l("h3",{},"Architecture",l("span",{class:"mv-card-note"},`${a.length} difference${a.length===1?"":"s"}`)),l("div",{class:"mv-arch-sides"},n("A",e,s.a),n("B",t,s.b)),a.length?l("ul",{class:"mv-arch-list"},...a):l("p",{class:"mv-muted"},"Same modules; the graphs differ in how they are called."))}function Lt(s){return s==null?"–":typeof s=="number"?s.toLocaleString("en-US"):typeof s=="string"?s:Array.isArray(s)?s.length===0?"none":s.every(e=>typeof e=="number")?s.join("×"):s.map(Lt).join(", "):typeof s=="object"?Object.entries(s).map(([e,t])=>`${e} ${Lt(t)}`).join(", "):String(s)}var nr=[{name:"flops",label:"FLOPs",kind:"positive",combine:"sum",format:fe},{name:"params",label:"Parameters",kind:"positive",combine:"sum",format:O},{name:"output_bytes",label:"Output bytes",kind:"positive",combine:"sum",format:Q},{name:"activation_std",label:"Output std",kind:"positive",combine:"max",format:T},{name:"dead_fraction",label:"Dead (zero) fraction",kind:"fraction",combine:"max",format:ae},{name:"grad_norm",label:"Gradient norm",kind:"positive",combine:"max",format:T,preferLog:!0},{name:"update_ratio",label:"Update ratio",kind:"positive",combine:"max",format:T,preferLog:!0}];function os(s){return nr.find(e=>e.name===s)??null}var qe=s=>typeof s=="number"&&Number.isFinite(s);function as(s,e){let t=new Map;for(let r of s.layers){let n=r.name===""?"":r.name+".";t.set(r.key,n===""?e:e.filter(i=>i.startsWith(n)))}return t}function ls(s,e,t){let r=new Map,n=new Map,i=(a,o)=>{qe(o)&&r.set(a,o)};switch(s.name){case"flops":for(let a of e.layers)i(a.key,a.flops);for(let a of e.nodes)a.kind==="op"&&qe(a.flops)&&n.set(a.id,a.flops);break;case"params":for(let a of e.layers)i(a.key,a.params_total);break;case"output_bytes":for(let a of e.layers)i(a.key,a.output_bytes);break;case"activation_std":for(let a of e.layers)i(a.key,t?.activations[a.key]?.std);break;case"dead_fraction":for(let a of e.layers)i(a.key,t?.activations[a.key]?.zeros);break;case"grad_norm":{if(!t)break;let a=as(e,Object.keys(t.grads));for(let[o,d]of a){let h=d.map(u=>t.grads[u]?.norm).filter(qe);h.length&&r.set(o,Math.sqrt(h.reduce((u,m)=>u+m*m,0)))}break}case"update_ratio":{let a=t?.updates;if(!t||!a)break;let o=as(e,Object.keys(a));for(let[d,h]of o){let u=0,m=0,p=!1;for(let g of h){let f=a[g];if(!qe(f))continue;let v=t.params[g]?.norm,x=qe(v)?v:1;u+=(f*x)**2,m+=x*x,p=!0}p&&r.set(d,m>0?Math.sqrt(u/m):0)}break}}return{layers:r,ops:n}}function Tn(s,e,t){let{layers:r,ops:n}=ls(s,e,t),i=e.layers.find(u=>u.parent===null)?.key,a=[...r].filter(([u])=>u!==i).map(([,u])=>u),o=Ne(s.kind,[...a,...n.values()],s.preferLog),d=r.size>0,h=re(o,{title:s.label+(s.name==="grad_norm"||s.name==="update_ratio"?" (whole module)":""),format:s.format,missing:d?"uncoloured: no value":"not recorded at this step",missingColor:"transparent",testid:"graph-overlay-legend"});return{label:s.label,values:r,ops:n,color:u=>es(o,u),format:s.format,combine:s.combine,legend:h}}function Mn(s){let e=new Map;for(let t of s){let r=`${Te(t.kind)} from step ${t.step}: ${t.message}`,n=e.get(t.layer);e.set(t.layer,{text:n?n.text+`
`+r:r})}return e}var Et=class{constructor(e){c(this,"element");c(this,"view");c(this,"container");c(this,"message");c(this,"searchInput");c(this,"overlaySelect");c(this,"structureHash",null);c(this,"modelName","model");c(this,"layoutGeneration",0);c(this,"structure",null);c(this,"step",null);c(this,"metric",null);this.overlaySelect=l("select",{testid:"graph-overlay",attrs:{"aria-label":"Colour the graph by"},on:{change:()=>e.onOverlay(this.overlaySelect.value||null)}},l("option",{attrs:{value:""}},"nothing"),...nr.map(n=>l("option",{attrs:{value:n.name}},n.label))),this.searchInput=l("input",{class:"mv-search",testid:"graph-search",attrs:{type:"search",placeholder:"Search modules and ops","aria-label":"Search the graph"},on:{input:()=>this.view.search(this.searchInput.value)}});let t=(n,i,a,o)=>l("button",{class:"mv-button",testid:i,title:a,attrs:{type:"button"},on:{click:o}},G("download",14),n);this.container=l("div",{class:"mv-graph-host",testid:"graph-host"}),this.message=l("div",{class:"mv-graph-message",attrs:{role:"status"}}),this.message.hidden=!0,this.element=l("section",{class:"mv-view mv-graph"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},G("search",14),this.searchInput),l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Colour by"),this.overlaySelect),l("span",{class:"mv-muted mv-hint"},"Click a module to select it, double-click to open it"),l("span",{class:"mv-spacer"}),t("SVG","export-svg","Download the graph as it is shown, as SVG",()=>this.exportSvg()),t("PNG","export-png","Download the graph as it is shown, as PNG",()=>{this.exportPng()})),l("div",{class:"mv-graph-stage"},this.container,this.message));let r=new URL("./static/layout_worker.js",document.baseURI).href;this.view=wt(this.container,{workerUrl:r,onSelect:n=>e.onSelect(n),onOpenActivations:n=>e.onOpenActivations(n),renderThumbnail:(n,i)=>e.renderThumbnail(n,i)})}async setStructure(e){if(this.structure=e,this.applyOverlay(),e.hash===this.structureHash)return;this.structureHash=e.hash,this.modelName=e.model_type||"model";let t=++this.layoutGeneration;this.showMessage(null,!1);try{await this.view.setStructure(e)}catch{t===this.layoutGeneration&&(this.structureHash=null)}}setStep(e){this.step=e,this.view.setStep(e),this.applyOverlay()}setOverlay(e){this.metric=os(e),this.overlaySelect.value=this.metric?.name??"",this.applyOverlay()}setAlerts(e){this.view.setBadges(Mn(e))}applyOverlay(){let{metric:e,structure:t}=this;this.view.setOverlay(e&&t?Tn(e,t,this.step):null)}select(e){this.view.select(e)}setDark(e){this.view.setDark(e)}showMessage(e,t){this.message.hidden=e===null,this.message.classList.toggle("is-error",t),y(this.message,e??"")}exportSvg(){let e=this.view.exportSVG();Oe(new Blob([e],{type:"image/svg+xml"}),`${this.modelName}-graph.svg`)}async exportPng(){try{Oe(await this.view.exportPNG(),`${this.modelName}-graph.png`)}catch(e){this.showMessage(`PNG export failed: ${e.message}`,!0)}}};function ds(s){let e=s==null?"":typeof s=="string"?s:JSON.stringify(s);return/^[=+\-@\t\r]/.test(e)&&typeof s=="string"&&(e="'"+e),/[",\n\r]/.test(e)?`"${e.replace(/"/g,'""')}"`:e}var Ln=["key","name","type","depth","parent","call","calls","input_shapes","output_shapes","params","params_total","trainable","frozen","flops","output_bytes","kernel_size","stride","groups","out_mean","out_std","out_zeros"];function cs(s,e,t){let r=[Ln.join(",")];for(let n of s){let i=t?.activations[n.key];r.push([n.key,n.name,n.type,n.depth,n.parent,n.call,n.calls,n.input_shapes,n.output_shapes,n.params,n.params_total,n.trainable,n.frozen,n.flops,n.output_bytes,n.kernel_size,n.stride,n.groups,i?.mean,i?.std,i?.zeros].map(ds).join(","))}return r.push(["total","","","","","",e.module_calls,"","",e.params,e.params,e.trainable,e.frozen,e.flops,e.output_bytes].map(ds).join(",")),r.join(`\r
`)+`\r
`}function ps(s){let e=new Map,t=new Map;for(let o of s){let d={row:o,parent:null,children:[],depth:0};e.set(o.key,d),t.has(o.name)||t.set(o.name,d)}let r=[];for(let o of e.values()){let d=o.row.parent!==null?e.get(o.row.parent)??null:null;!d&&o.row.parent!==null&&(d=En(o.row.name,t)),d===o&&(d=null),o.parent=d,(d?d.children:r).push(o)}let n=[],i=new Set,a=(o,d)=>{if(!i.has(o)){i.add(o),o.depth=d,n.push(o);for(let h of o.children)a(h,d+1)}};for(let o of r)a(o,0);for(let o of e.values())i.has(o)||(o.parent?.children.splice(o.parent.children.indexOf(o),1),o.parent=null,r.push(o),a(o,0));return{roots:r,byKey:e,ordered:n}}function En(s,e){let t=s;for(;t!=="";){let r=t.lastIndexOf(".");t=r<0?"":t.slice(0,r);let n=e.get(t);if(n&&n.row.name!==s)return n}return null}var Xe=[{id:"type",label:"Type",title:"Module class",numeric:!1,sortValue:s=>s.row.type,cell:s=>({text:s.row.type,title:s.row.extra?`${s.row.type}(${s.row.extra})`:s.row.type})},{id:"output",label:"Output shape",title:"Shapes of the tensors this call returned",numeric:!1,sortValue:s=>(s.row.output_shapes?.[0]??[]).reduce((e,t)=>e*t,1),cell:s=>({text:_e(s.row.output_shapes),muted:s.row.calls===0})},{id:"params",label:"Params",title:"Parameters in this module's subtree (shared parameters counted once)",numeric:!0,sortValue:s=>s.row.params_total,cell:s=>s.row.params_total?{text:O(s.row.params_total),title:`${_(s.row.params_total)} parameters (${_(s.row.params)} registered directly)`}:{text:"–",muted:!0},total:s=>({text:O(s.params),title:`${_(s.params)} parameters`,exact:s.params})},{id:"trainable",label:"Trainable",title:"Parameters with requires_grad in this module's subtree",numeric:!0,sortValue:s=>s.row.trainable,cell:s=>{if(!s.row.params_total)return{text:"–",muted:!0};let e=`${_(s.row.trainable)} trainable, ${_(s.row.frozen)} frozen`;return s.row.trainable===0?{text:"frozen",title:e,muted:!0}:{text:O(s.row.trainable)+(s.row.frozen?" *":""),title:e}},total:s=>({text:O(s.trainable),title:`${_(s.trainable)} trainable, ${_(s.frozen)} frozen`,exact:s.trainable})},{id:"flops",label:"FLOPs",title:"Floating-point operations of this call, children included",numeric:!0,sortValue:s=>s.row.flops,cell:s=>s.row.flops?{text:fe(s.row.flops),title:`${_(s.row.flops)} FLOPs`}:{text:"–",muted:!0},total:s=>({text:fe(s.flops),title:`${_(s.flops)} FLOPs in one forward pass`,exact:s.flops})},{id:"output_bytes",label:"Output size",title:"Bytes of the tensors this call returned",numeric:!0,sortValue:s=>s.row.output_bytes,cell:s=>s.row.output_bytes?{text:Q(s.row.output_bytes),title:`${_(s.row.output_bytes)} bytes`}:{text:"–",muted:!0},total:s=>({text:Q(s.output_bytes),title:`${_(s.output_bytes)} bytes returned by leaf calls`,exact:s.output_bytes})},{id:"kernel",label:"Kernel",title:"Kernel size, stride (/s) and groups (g)",numeric:!1,sortValue:s=>It(s.row.kernel_size,s.row.stride,s.row.groups),cell:s=>({text:It(s.row.kernel_size,s.row.stride,s.row.groups)})},{id:"std",label:"Out std",title:"Standard deviation of this call's output at the selected step",numeric:!0,sortValue:(s,e)=>e?.activations[s.row.key]?.std??null,cell:(s,e)=>{let t=e?.activations[s.row.key];if(!t)return{text:"–",muted:!0};let r=t.nan+t.inf;return{text:r?`${r} non-finite`:T(t.std),title:`mean ${T(t.mean)}, std ${T(t.std)}, min ${T(t.min)}, max ${T(t.max)}`,warn:r>0}}},{id:"zeros",label:"Zeros",title:"Fraction of exact zeros in this call's output at the selected step (dead ReLUs show here)",numeric:!0,sortValue:(s,e)=>e?.activations[s.row.key]?.zeros??null,cell:(s,e)=>{let t=e?.activations[s.row.key]?.zeros;return t==null?{text:"–",muted:!0}:{text:ae(t),warn:t>.9}}}],Ct=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"structure",null);c(this,"step",null);c(this,"tree",null);c(this,"expanded",new Set);c(this,"selected",null);c(this,"sort",null);c(this,"flat",!1);c(this,"filterText","");c(this,"filterInput");c(this,"modeButton");c(this,"countLabel");c(this,"head");c(this,"body");c(this,"foot");c(this,"scroller");this.filterInput=l("input",{class:"mv-search",testid:"layer-filter",attrs:{type:"search",placeholder:"Filter by name or type","aria-label":"Filter layers"},on:{input:()=>{this.filterText=this.filterInput.value.trim().toLowerCase(),this.renderBody()}}}),this.modeButton=l("button",{class:"mv-button",testid:"layers-flat-toggle",attrs:{type:"button","aria-pressed":"false"},title:"Show only leaf modules in one list (sorting then ranks all of them)",on:{click:()=>{this.flat=!this.flat,this.modeButton.setAttribute("aria-pressed",String(this.flat)),this.modeButton.classList.toggle("is-active",this.flat),this.renderBody()}}},"Leaves only"),this.countLabel=l("span",{class:"mv-muted mv-count"});let t=(r,n,i,a)=>l("button",{class:"mv-button",title:n,testid:a,attrs:{type:"button"},on:{click:i}},r);this.head=l("thead"),this.body=l("tbody"),this.foot=l("tfoot"),this.scroller=l("div",{class:"mv-table-scroll"},l("table",{class:"mv-table",testid:"layer-table"},this.head,this.body,this.foot)),this.element=l("section",{class:"mv-view mv-layers"},l("div",{class:"mv-view-bar"},l("div",{class:"mv-search-box"},G("search",14),this.filterInput),t("Expand all","Expand every module",()=>this.expandAll(!0)),t("Collapse","Show only the top-level modules",()=>this.expandAll(!1)),this.modeButton,this.countLabel,l("span",{class:"mv-spacer"}),l("button",{class:"mv-button",testid:"download-csv",title:"Download the layer table with exact numbers",attrs:{type:"button"},on:{click:()=>this.downloadCsv()}},G("download",14),"CSV")),this.scroller),this.renderHead()}setStructure(e){if(this.structure?.hash===e.hash&&this.structure===e)return;let t=this.structure===null;if(this.structure=e,this.tree=ps(e.layers),t||this.expanded.size===0)for(let r of this.tree.ordered)r.depth<2&&r.children.length&&this.expanded.add(r.row.key);this.renderBody(),this.renderFoot()}setStep(e){this.step=e,this.tree&&this.renderBody()}select(e){this.selected=e;let t=e?this.tree?.byKey.get(e):void 0,r=!1;for(let n=t?.parent;n;n=n.parent)this.expanded.has(n.row.key)||(this.expanded.add(n.row.key),r=!0);r&&this.renderBody();for(let n of this.body.querySelectorAll("tr[data-key]")){let i=n.dataset.key===e;n.classList.toggle("is-selected",i),i&&this.element.isConnected&&this.element.offsetParent&&n.scrollIntoView({block:"nearest"})}}expandAll(e){if(this.tree){this.expanded.clear();for(let t of this.tree.ordered)t.children.length&&(e||t.depth===0)&&this.expanded.add(t.row.key);this.renderBody()}}renderHead(){let e=(t,r,n,i)=>{let a=this.sort?.column===t;return l("th",{class:(i?"is-numeric ":"")+(a?"is-sorted":""),title:`${n}. Click to sort.`,attrs:{scope:"col","aria-sort":a?this.sort.descending?"descending":"ascending":"none"},on:{click:()=>this.toggleSort(t,i)}},r,a?l("span",{class:"mv-sort-arrow"},this.sort.descending?"▼":"▲"):null)};y(this.head,l("tr",{},e("name","Layer","Qualified module name",!1),...Xe.map(t=>e(t.id,t.label,t.title,t.numeric))))}toggleSort(e,t){this.sort?.column!==e?this.sort={column:e,descending:t}:this.sort.descending===t?this.sort={column:e,descending:!t}:this.sort=null,this.renderHead(),this.renderBody()}compare(){let e=this.sort;if(!e)return null;let t=Xe.find(i=>i.id===e.column),r=i=>t?t.sortValue(i,this.step):i.row.name,n=e.descending?-1:1;return(i,a)=>{let o=r(i),d=r(a);return o==null?d==null?0:1:d==null?-1:typeof o=="number"&&typeof d=="number"?n*(o-d):n*String(o).localeCompare(String(d),void 0,{numeric:!0})}}matches(e){if(!this.filterText)return!0;let t=e.row;return t.name.toLowerCase().includes(this.filterText)||t.type.toLowerCase().includes(this.filterText)}visibleRows(){let e=this.tree;if(!e)return[];let t=this.compare();if(this.flat){let o=e.ordered.filter(d=>d.children.length===0&&this.matches(d));return t&&o.sort(t),o.map(d=>({node:d,matched:!0}))}let r=this.filterText!=="",n=new Set;if(r){for(let o of e.ordered)if(this.matches(o))for(let d=o;d&&!n.has(d);d=d.parent)n.add(d)}let i=[],a=o=>{let d=t?[...o].sort(t):o;for(let h of d)r&&!n.has(h)||(i.push({node:h,matched:this.matches(h)}),h.children.length&&(r||this.expanded.has(h.row.key))&&a(h.children))};return a(e.roots),i}renderBody(){let e=this.visibleRows(),t=document.createDocumentFragment();for(let{node:n,matched:i}of e)t.appendChild(this.renderRow(n,i));e.length===0&&this.tree&&t.appendChild(l("tr",{},l("td",{class:"mv-table-empty",attrs:{colspan:Xe.length+1}},this.filterText?"No layer matches the filter.":"This model has no layers."))),y(this.body),this.body.appendChild(t);let r=this.tree?.ordered.length??0;this.countLabel.textContent=this.filterText||this.flat?`${e.length} of ${r} rows`:`${r} rows`}renderRow(e,t){let r=e.row,n=e.children.length>0,i=this.expanded.has(r.key)||this.filterText!==""&&!this.flat,a=n&&!this.flat?l("button",{class:"mv-tree-toggle"+(i?" is-open":""),testid:"layer-toggle",attrs:{type:"button","aria-label":i?"Collapse":"Expand","aria-expanded":String(i)},on:{click:m=>{m.stopPropagation(),this.expanded.has(r.key)?this.expanded.delete(r.key):this.expanded.add(r.key),this.renderBody()}}},G("chevron",14)):l("span",{class:"mv-tree-spacer"}),o=r.name===""&&r.parent===null,d=o?this.structure?.model_type??"model":this.flat?r.name:nt(r.name,e.parent?.row.name),h=l("td",{class:"mv-name-cell",title:o?"The whole model":r.name},l("div",{class:"mv-name",style:{paddingLeft:`${this.flat?0:e.depth*16}px`}},a,l("span",{class:"mv-name-text"+(o?" is-root":"")},d),r.calls>1?l("span",{class:"mv-badge",title:`This module runs ${r.calls} times per forward pass`},`call ${r.call+1}/${r.calls}`):null,r.calls===0?l("span",{class:"mv-badge is-muted",title:"Registered but never called in the recorded forward pass"},"not run"):null,r.node!==null?l("button",{class:"mv-row-action",testid:"open-activations",title:"Show this layer's activations",attrs:{type:"button","aria-label":"Show activations"},on:{click:m=>{m.stopPropagation(),this.handlers.onOpenActivations(r.key)}}},G("activations",13)):null,r.node!==null?X(r.key,void 0,!0):null)),u=Xe.map(m=>{let p=m.cell(e,this.step);return l("td",{class:(m.numeric?"is-numeric":"")+(p.muted?" is-muted":"")+(p.warn?" is-warn":""),title:p.title},p.text)});return l("tr",{testid:"layer-row",class:(r.key===this.selected?"is-selected":"")+(t?"":" is-context")+(r.calls===0?" is-not-run":""),dataset:{key:r.key,depth:String(e.depth)},on:{click:()=>this.handlers.onSelect(r.key),dblclick:()=>{r.node!==null&&this.handlers.onOpenActivations(r.key)}}},h,...u)}renderFoot(){let e=this.structure;if(!e)return;let t=e.totals,r=Xe.map(i=>{if(i.id==="type")return l("td",{class:"is-muted"},`${_(t.module_calls)} module calls`);if(!i.total)return l("td");let a=i.total(t);return l("td",{class:"is-numeric",title:a.title,dataset:{total:i.id,exact:String(a.exact)}},a.text)}),n=Object.entries(t.param_bytes??{}).map(([i,a])=>`${Q(a)} ${i}`).join(", ");y(this.foot,l("tr",{testid:"totals-row"},l("td",{title:n?`Parameter memory: ${n}; buffers ${Q(t.buffer_bytes)}`:void 0},"Total"),...r))}downloadCsv(){if(!this.structure||!this.tree)return;let e=cs(this.tree.ordered.map(t=>t.row),this.structure.totals,this.step);Oe(new Blob([e],{type:"text/csv;charset=utf-8"}),`${this.structure.model_type||"model"}-layers.csv`)}};var R=26,Cn=12,ir=3,ar=26,$t=14,hs='11px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',Nn='10.5px "Roboto Mono", ui-monospace, Menlo, Consolas, monospace',At=class{constructor(e){c(this,"handlers",e);c(this,"element");c(this,"stage");c(this,"view");c(this,"spacer");c(this,"cells",null);c(this,"rowHeightChoice",$t);c(this,"painting",!1);c(this,"base");c(this,"marks");c(this,"tooltip");c(this,"data",null);c(this,"geometry",null);c(this,"selectedLayer",null);c(this,"currentStep",null);c(this,"hover",null);c(this,"resizeObserver");c(this,"lastSize","");this.base=l("canvas",{class:"mv-matrix-canvas"}),this.marks=l("canvas",{class:"mv-matrix-canvas mv-matrix-marks",testid:"heatmap-canvas",on:{mousemove:t=>this.onMove(t),mouseleave:()=>this.setHover(null),click:t=>this.onClick(t)}}),this.tooltip=l("div",{class:"mv-matrix-tooltip",testid:"heatmap-readout",attrs:{role:"status"}}),this.tooltip.hidden=!0,this.view=l("div",{class:"mv-matrix-view"},this.base,this.marks),this.spacer=l("div",{class:"mv-matrix-spacer"}),this.stage=l("div",{class:"mv-matrix-stage"},this.view,this.spacer,this.tooltip),this.element=l("div",{class:"mv-matrix mv-scroll-visible",testid:"heatmap",on:{scroll:()=>this.schedulePaint()}},this.stage),this.resizeObserver=new ResizeObserver(()=>{`${this.element.clientWidth}x${this.element.clientHeight}`!==this.lastSize&&this.data&&this.draw()}),this.resizeObserver.observe(this.element)}setData(e){this.data=e,this.cells=null,this.hover=null,this.tooltip.hidden=!0,this.draw()}setRowHeight(e){this.rowHeightChoice=e==="fit"?"fit":Math.max(ir,Math.min(ar,e)),this.draw()}rowHeight(){return this.geometry?.rowHeight??(this.rowHeightChoice==="fit"?ir:this.rowHeightChoice)}reveal(e){let t=this.geometry,r=this.data?.layers.findIndex(a=>a.key===e)??-1;if(!t||r<0)return;let n=r*t.rowHeight,i=this.element.clientHeight-t.top;(n<this.element.scrollTop||n+t.rowHeight>this.element.scrollTop+i)&&(this.element.scrollTop=Math.max(0,n-i/2))}setSelection(e,t){this.selectedLayer=e,this.currentStep=t,this.drawMarks()}redraw(){this.draw()}draw(){let e=this.data,t=this.element.clientWidth,r=this.element.clientHeight;if(this.lastSize=`${t}x${r}`,!e||t<=0||r<=0||e.layers.length===0||e.steps.length===0){this.geometry=null,this.spacer.style.height="0px",Nt(this.base,0,0),Nt(this.marks,0,0);return}let n=e.layers.length,i=e.steps.length,a=Math.max(ir,Math.min(ar,(r-R-4)/n)),o=this.rowHeightChoice==="fit"?a:Math.max(this.rowHeightChoice,Math.min(a,ar)),d=Math.ceil(R+n*o+4),h=Math.min(d,r),u=Math.min(280,Math.max(120,Math.round(t*.28))),m=Math.max(1,(t-u-Cn)/i);this.geometry={left:u,top:R,colWidth:m,rowHeight:o,rows:n,cols:i,width:t,height:h,contentHeight:d},this.view.style.height=`${h}px`,this.spacer.style.height=`${d-h}px`,this.element.classList.toggle("is-scrolling",d>r),this.cells||(this.cells=An(e)),this.paint()}schedulePaint(){this.painting||(this.painting=!0,requestAnimationFrame(()=>{this.painting=!1,this.paint()}))}paint(){let e=performance.now(),t=this.data,r=this.geometry;if(!t||!r)return;let{left:n,colWidth:i,rowHeight:a,rows:o,cols:d,width:h,height:u}=r,m=this.offset(),p=Nt(this.base,h,u);if(!p)return;let g=ms(this.element);p.clearRect(0,0,h,u);let f=Math.max(0,Math.floor(m/a)),v=Math.min(o,Math.ceil((m+u-R)/a));p.save(),p.beginPath(),p.rect(0,R,h,u-R),p.clip();let x=R-m;if(this.cells&&v>f&&(p.fillStyle=g.empty,p.fillRect(n,x+f*a,i*d,(v-f)*a),p.imageSmoothingEnabled=!1,p.drawImage(this.cells,0,f,d,v-f,n,x+f*a,i*d,(v-f)*a)),p.fillStyle=g.background,a>=8)for(let k=Math.max(f,1);k<v;k++)p.fillRect(n,x+k*a,i*d,1);if(i>=8)for(let k=1;k<d;k++)p.fillRect(n+k*i,R,1,Math.min(o*a-m,u-R));p.font=hs,p.textBaseline="middle";let b=Math.max(1,Math.ceil(11/a));p.fillStyle=g.text;for(let k=f-f%b;k<v;k+=b){let E=t.layers[k],A=Math.min(E.depth??0,6)*8,P=us(p,or(E),n-10-A);p.fillText(P,4+A,x+(k+.5)*a)}p.restore(),p.font=Nn,p.fillStyle=g.muted,p.textBaseline="alphabetic";let L=Math.max(1,Math.ceil(70/i));for(let k=0;k<d;k+=L){let E=n+(k+.5)*i;p.textAlign=k===0?"left":"center",p.fillText(String(t.steps[k]),k===0?n:E,R-9),p.fillRect(Math.round(E),R-5,1,4)}p.textAlign="left",this.element.dataset.renderMs=(performance.now()-e).toFixed(2),this.element.dataset.geometry=JSON.stringify({left:n,top:R,colWidth:i,rowHeight:a,rows:o,cols:d,offset:m}),this.drawMarks()}offset(){let e=this.geometry;return e?Math.max(0,Math.min(this.element.scrollTop,e.contentHeight-e.height)):0}drawMarks(){let e=this.geometry,t=this.data;if(!e||!t)return;let{left:r,colWidth:n,rowHeight:i,rows:a,cols:o,width:d,height:h}=e,u=Nt(this.marks,d,h);if(!u)return;let m=ms(this.element);u.clearRect(0,0,d,h);let p=this.offset(),g=R-p,f=Math.min(a*i-p,h-R),v=this.currentStep===null?-1:t.steps.indexOf(this.currentStep);if(v>=0){let b=r+v*n;u.strokeStyle=m.accent,u.lineWidth=1.5,u.strokeRect(b+.5,R-.5,Math.max(n-1,1),f+1),u.fillStyle=m.accent,u.beginPath(),u.moveTo(b+n/2-5,R-8),u.lineTo(b+n/2+5,R-8),u.lineTo(b+n/2,R-2),u.fill()}let x=this.selectedLayer===null?-1:t.layers.findIndex(b=>b.key===this.selectedLayer);if(u.save(),u.beginPath(),u.rect(0,R-1,d,h-R+1),u.clip(),x>=0){let b=g+x*i;if(u.fillStyle=m.selectBand,u.fillRect(0,b,r-2,i),u.strokeStyle=m.accent,u.lineWidth=1.5,u.strokeRect(r-.5,b-.5,o*n+1,i+1),i<10){u.font=hs,u.textBaseline="middle";let L=us(u,or(t.layers[x]),r-10),k=u.measureText(L).width,E=Math.min(Math.max(b+i/2,R+7),R+f-7);u.fillStyle=m.background,u.fillRect(2,E-7,k+6,14),u.fillStyle=m.accent,u.fillText(L,5,E)}}this.hover&&(u.strokeStyle=m.text,u.lineWidth=1,u.strokeRect(r+this.hover.col*n+.5,g+this.hover.row*i+.5,Math.max(n-1,1),Math.max(i-1,1))),u.restore()}cellAt(e){let t=this.geometry;if(!t)return null;let r=this.marks.getBoundingClientRect(),n=e.clientX-r.left,i=e.clientY-r.top,a=Math.floor((n-t.left)/t.colWidth);if(i<t.top)return null;let o=Math.floor((i-t.top+this.offset())/t.rowHeight);if(n<t.left&&o>=0&&o<t.rows){let d=this.data&&this.currentStep!==null?this.data.steps.indexOf(this.currentStep):-1;return{row:o,col:d>=0?d:t.cols-1}}return a<0||a>=t.cols||o<0||o>=t.rows?null:{row:o,col:a}}onMove(e){this.setHover(this.cellAt(e),e)}setHover(e,t){let r=e&&this.hover&&e.row===this.hover.row&&e.col===this.hover.col;this.hover=e,r||this.drawMarks();let n=this.data;if(!e||!n||!t){this.tooltip.hidden=!0;return}let i=n.layers[e.row],a=n.values[e.row][e.col];this.tooltip.replaceChildren(l("div",{class:"mv-mono mv-matrix-tooltip-name"},or(i)),l("div",{class:"mv-muted"},`${i.type??"?"} · step ${n.steps[e.col]}`),l("div",{class:"mv-matrix-tooltip-value"},a===null?"no value":n.format(a))),this.tooltip.hidden=!1;let o=this.stage.getBoundingClientRect(),d=t.clientX-o.left,h=t.clientY-o.top,u=d>o.width-220;this.tooltip.style.left=u?"":`${d+14}px`,this.tooltip.style.right=u?`${o.width-d+14}px`:"",this.tooltip.style.top=`${h+14}px`}onClick(e){let t=this.cellAt(e);!t||!this.data||this.handlers.onPick(this.data.layers[t.row].key,this.data.steps[t.col])}};function An(s){let e=s.layers.length,t=s.steps.length,r=document.createElement("canvas");r.width=t,r.height=e;let n=r.getContext("2d");if(!n)return r;let i=n.createImageData(t,e),a=i.data,o=ne(s.scale.colormap),d=[1,3,5].map(h=>parseInt(Ke.slice(h,h+2),16));for(let h=0;h<e;h++){let u=s.values[h];for(let m=0;m<t;m++){let p=u[m];if(p==null||!Number.isFinite(p))continue;let g=s.scale.position(p),f=(h*t+m)*4;if(Number.isNaN(g))[a[f],a[f+1],a[f+2]]=d;else{let v=Math.round(g*255)*3;a[f]=o[v],a[f+1]=o[v+1],a[f+2]=o[v+2]}a[f+3]=255}}return n.putImageData(i,0,0),r}function or(s){return F(s)}function Nt(s,e,t){let r=window.devicePixelRatio||1;s.width=Math.max(1,Math.round(e*r)),s.height=Math.max(1,Math.round(t*r)),s.style.width=`${e}px`,s.style.height=`${t}px`;let n=s.getContext("2d");return n?.setTransform(r,0,0,r,0,0),n}function us(s,e,t){if(s.measureText(e).width<=t)return e;let r=0,n=e.length;for(;r<n;){let i=Math.ceil((r+n)/2);s.measureText("…"+e.slice(e.length-i)).width<=t?r=i:n=i-1}return"…"+e.slice(e.length-r)}function ms(s){let e=getComputedStyle(s),t=(r,n)=>e.getPropertyValue(r).trim()||n;return{background:t("--mv-bg","#ffffff"),empty:t("--mv-panel-2","#eef0f3"),text:t("--mv-text","#1f2328"),muted:t("--mv-muted","#667085"),accent:t("--mv-accent","#f57c00"),selectBand:t("--mv-select","rgba(245, 124, 0, 0.16)")}}var Ot="group:";function Rt(s,e){if(e==="none"||s==="")return null;let t=s.split(".");if(e==="top")return t.length>1?t[0]:null;let r=t.findIndex(n=>/^\d+$/.test(n));return r<0?null:t.slice(0,r+1).join(".")}function $n(s,e){let t=e.trim().toLowerCase();return t?s.name.toLowerCase().includes(t)||(s.type??"").toLowerCase().includes(t):!0}function Rn(s,e){let t=new Array(e).fill(null);for(let r of s)for(let n=0;n<e;n++){let i=r[n];if(i==null||!Number.isFinite(i))continue;let a=t[n];(a===null||Math.abs(i)>Math.abs(a))&&(t[n]=i)}return t}function gs(s,e,t,r,n,i){let a=s.map((u,m)=>({layer:u,values:e[m]})).filter(u=>$n(u.layer,r)),o=new Map;for(let u of a){let m=Rt(u.layer.name,n);if(m===null)continue;let p=o.get(m);p||o.set(m,p=[]),p.push(u)}let d=[],h=new Set;for(let u of a){let m=Rt(u.layer.name,n),p=m===null?void 0:o.get(m);if(!p||p.length<2){d.push(u);continue}if(h.has(m)){i.has(m)&&d.push(u);continue}h.add(m);let g=i.has(m),f=Math.min(...p.map(v=>v.layer.depth??0));d.push({layer:{key:Ot+m,name:`${g?"▾":"▸"} ${m} · ${p.length} layers`,type:"group",depth:Math.max(0,f-1)},values:Rn(p.map(v=>v.values),t),group:{prefix:m,members:p.map(v=>v.layer.key),open:g}}),g&&d.push(u)}return d}var On="http://www.w3.org/2000/svg",Ht=360,Ae=150,Z={left:44,right:10,top:6,bottom:18},fs=46,Hn=40;function Ye(s,e,t){let r=document.createElementNS(On,s);for(let[n,i]of Object.entries(e))r.setAttribute(n,String(i));return t?.appendChild(r),r}function Dn(s,e,t=Hn){if(s<=t)return Array.from({length:s},(n,i)=>i);let r=new Set;for(let n=0;n<t;n++)r.add(Math.round(n*(s-1)/(t-1)));return e>=0&&r.add(e),[...r].sort((n,i)=>n-i)}function _n(s){let e=s.counts.reduce((r,n)=>r+n,0),t=((s.hi??0)-(s.lo??0))/s.counts.length;return e===0?s.counts.map(()=>0):s.counts.map(r=>t>0?r/e/t:r/e)}function Dt(s){let{steps:e,histograms:t}=s,r=l("div",{class:"mv-trend mv-distribution",testid:s.testid??"distribution-chart",dataset:{title:s.title}},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label mv-mono"},s.title))),n=Ye("svg",{viewBox:`0 0 ${Ht} ${Ae}`,class:"mv-chart mv-distribution-svg",role:"img","aria-label":`Distribution of ${s.title} over steps`});r.appendChild(n);let i=b=>!!b&&b.lo!==null&&b.hi!==null&&Array.isArray(b.counts)&&b.counts.length>0,a=s.currentStep===null?-1:e.indexOf(s.currentStep),o=Dn(e.length,a).filter(b=>i(t[b]));if(o.length===0)return Ye("text",{x:Ht/2,y:Ae/2,"text-anchor":"middle",class:"mv-axis-label"},n).textContent="no histogram stored",r.classList.add("is-empty"),r;let d=1/0,h=-1/0,u=new Map;for(let b of o){let L=t[b];d=Math.min(d,L.lo),h=Math.max(h,L.hi);let k=_n(L);u.set(b,k)}h<=d&&(d-=.5,h+=.5);let m=Ht-Z.left-Z.right,p=b=>Z.left+(b-d)/(h-d)*m,g=Z.top+fs,f=Ae-Z.bottom,v=o.length>1?(f-g)/(o.length-1):0;o.forEach((b,L)=>{let k=t[b],E=u.get(b),A=o.length>1?g+L*v:f,P=E.length,S=(k.hi-k.lo)/P,B=Math.max(...E),V=[`M${p(k.lo).toFixed(1)},${A.toFixed(1)}`];for(let w=0;w<P;w++){let D=B>0?E[w]/B*fs:0,pe=S>0?k.lo+(w+.5)*S:k.lo;V.push(`L${p(pe).toFixed(1)},${(A-D).toFixed(1)}`)}V.push(`L${p(k.hi).toFixed(1)},${A.toFixed(1)}Z`);let J=o.length>1?L/(o.length-1):1;Ye("path",{d:V.join(""),class:"mv-ridge"+(b===a?" is-current":""),"fill-opacity":(.25+.6*J).toFixed(2),"data-step":e[b]},n)});let x=(b,L,k,E)=>{Ye("text",{x:b,y:L,"text-anchor":E,class:"mv-axis-label"},n).textContent=k};return x(Z.left,Ae-4,T(d),"start"),x(Ht-Z.right,Ae-4,T(h),"end"),d<0&&h>0&&(Ye("line",{x1:p(0),x2:p(0),y1:Z.top,y2:f,class:"mv-ridge-zero"},n),x(p(0),Ae-4,"0","middle")),x(Z.left-6,g,`step ${e[o[0]]}`,"end"),o.length>1&&x(Z.left-6,f,`${e[o[o.length-1]]}`,"end"),r}var Pn="http://www.w3.org/2000/svg",ye=360,Ze=118,N={left:62,right:10,top:8,bottom:20};function j(s,e,t){let r=document.createElementNS(Pn,s);for(let[n,i]of Object.entries(e))r.setAttribute(n,String(i));return t?.appendChild(r),r}function $e(s,e,t,r,n){j("text",{x:e,y:t,"text-anchor":n,class:"mv-axis-label"},s).textContent=r}function vs(s){let e=ce(s.statistic),{steps:t,values:r}=s,n=w=>be(s.statistic,w),i=s.currentStep===null?-1:t.indexOf(s.currentStep),a=l("span",{class:"mv-trend-value mv-mono"},i>=0?n(r[i]):""),o=l("div",{class:"mv-trend"+(s.highlighted?" is-highlighted":""),testid:"trend-chart",dataset:{statistic:s.statistic},title:s.description},l("div",{class:"mv-trend-head"},l("span",{class:"mv-trend-label"},e.label),a)),d=j("svg",{viewBox:`0 0 ${ye} ${Ze}`,class:"mv-chart mv-trend-svg",role:"img","aria-label":`${e.label} over steps`});o.appendChild(d);let h=s.others??[],u=w=>w!==null&&Number.isFinite(w),m=[...r,...h.flatMap(w=>w.values)].filter(u);if(m.length===0)return $e(d,ye/2,Ze/2,"not recorded for this layer","middle"),o.classList.add("is-empty"),o;let p=Ne(e.kind,m,e.preferLog),g=p.kind==="log",f=p.kind==="diverging"?Math.min(...m):p.lo,v=p.kind==="diverging"?Math.max(...m):p.hi;if(!g&&v-f<=0){let w=Math.abs(v)*.5||1;f=e.kind==="signed"?f-w:Math.max(0,f-w),v=v+w}let x=ye-N.left-N.right,b=Ze-N.top-N.bottom,L=[...t,...h.flatMap(w=>w.steps)],k=Math.min(...L),E=Math.max(...L),A=w=>N.left+(E===k?x/2:(w-k)/(E-k)*x),P=w=>{let D=g?w<=0?0:(Math.log10(w)-Math.log10(f))/(Math.log10(v)-Math.log10(f)||1):(w-f)/(v-f);return N.top+b-Math.max(0,Math.min(1,D))*b};j("line",{x1:N.left,x2:ye-N.right,y1:N.top+b+.5,y2:N.top+b+.5,class:"mv-axis"},d),!g&&f<0&&v>0&&j("line",{x1:N.left,x2:ye-N.right,y1:P(0),y2:P(0),class:"mv-zero-line"},d),$e(d,N.left-5,N.top+8,n(v),"end"),$e(d,N.left-5,N.top+b,n(f),"end"),g&&$e(d,N.left-5,N.top+b/2+4,"log","end"),$e(d,N.left,Ze-5,`step ${k}`,"start"),$e(d,ye-N.right,Ze-5,`step ${E}`,"end");for(let w of s.inputChangeSteps??[])j("line",{x1:A(w),x2:A(w),y1:N.top+b-5,y2:N.top+b+4,class:"mv-trend-input-change"},d);for(let w of s.alertSteps)j("line",{x1:A(w),x2:A(w),y1:N.top,y2:N.top+b,class:"mv-trend-alert"},d);let S=(w,D)=>{let pe="",he=!1;return D.forEach((se,Ss)=>{if(se===null||!Number.isFinite(se)){he=!1;return}pe+=`${he?"L":"M"}${A(w[Ss]).toFixed(1)},${P(se).toFixed(1)}`,he=!0}),pe};for(let w of h)j("path",{d:S(w.steps,w.values),class:"mv-trend-other",stroke:w.colour,"data-run":w.run},d);if(j("path",{d:S(t,r),class:"mv-trend-line"},d),t.length<=40&&r.forEach((w,D)=>{w!==null&&Number.isFinite(w)&&j("circle",{cx:A(t[D]),cy:P(w),r:1.8,class:"mv-trend-point"},d)}),i>=0){let w=A(t[i]);j("line",{x1:w,x2:w,y1:N.top,y2:N.top+b,class:"mv-cursor"},d);let D=r[i];D!==null&&Number.isFinite(D)&&j("circle",{cx:w,cy:P(D),r:3.5,class:"mv-cursor-dot"},d)}let B=j("line",{x1:0,x2:0,y1:N.top,y2:N.top+b,class:"mv-trend-guide",visibility:"hidden"},d),V=w=>{let D=d.getBoundingClientRect(),pe=(w.clientX-D.left)/D.width*ye,he=0;for(let se=1;se<t.length;se++)Math.abs(A(t[se])-pe)<Math.abs(A(t[he])-pe)&&(he=se);return he},J=a.textContent??"";return d.addEventListener("mousemove",w=>{let D=V(w);B.setAttribute("x1",String(A(t[D]))),B.setAttribute("x2",String(A(t[D]))),B.setAttribute("visibility","visible"),a.textContent=`step ${t[D]}: ${n(r[D])}`}),d.addEventListener("mouseleave",()=>{B.setAttribute("visibility","hidden"),a.textContent=J}),d.addEventListener("click",w=>s.onPick(t[V(w)])),o}var Vn=["activation_mean","activation_std","activation_absmax","activation_zeros","activation_nonfinite","param_norm","grad_norm","update_ratio"],Bn=["activation_saturated","param_nonfinite","grad_nonfinite"],Re="activation_std",bs=["#2ca02c","#9467bd","#d62728","#17becf","#8c564b","#e377c2","#bcbd22","#7f7f7f"],In=150,_t=class{constructor(e,t){c(this,"store",e);c(this,"handlers",t);c(this,"element");c(this,"statisticSelect");c(this,"hideEmpty");c(this,"legendSlot");c(this,"matrixArea");c(this,"matrixMessage");c(this,"side");c(this,"distributions",l("section",{class:"mv-distributions"}));c(this,"overlaidRuns",new Set);c(this,"heatmap");c(this,"filterInput");c(this,"groupSelect");c(this,"countLabel");c(this,"openGroups",new Set);c(this,"zoom",$t);c(this,"groupChosen",!1);c(this,"revealedGroup",null);c(this,"layerShownInMatrix",null);c(this,"context",null);c(this,"statistic",Re);c(this,"alerts",[]);c(this,"visible",!1);c(this,"matrix",null);c(this,"matrixRun","");c(this,"matrixFor","");c(this,"trendsFor","");c(this,"generation",0);this.statisticSelect=l("select",{testid:"heatmap-statistic",attrs:{"aria-label":"Statistic of the heatmap"},on:{change:()=>this.handlers.onStatistic(this.statisticSelect.value)}},...de.map(i=>l("option",{attrs:{value:i.name}},i.label))),this.hideEmpty=l("input",{testid:"heatmap-hide-empty",attrs:{type:"checkbox",checked:!0},on:{change:()=>this.showMatrix()}}),this.legendSlot=l("div",{class:"mv-legend-slot"}),this.heatmap=new At({onPick:(i,a)=>this.pick(i,a)}),this.filterInput=l("input",{class:"mv-search mv-trends-filter",testid:"heatmap-filter",attrs:{type:"search",placeholder:"Filter layers by name or type","aria-label":"Filter the heatmap's layers"},on:{input:()=>this.showMatrix()}}),this.groupSelect=l("select",{testid:"heatmap-group",attrs:{"aria-label":"Group the heatmap's rows"},on:{change:()=>{this.groupChosen=!0,this.showMatrix()}}},l("option",{attrs:{value:"none"}},"every layer"),l("option",{attrs:{value:"block"}},"numbered blocks (h.0, h.1, …)"),l("option",{attrs:{value:"top"}},"top-level modules")),this.countLabel=l("span",{class:"mv-muted mv-trends-count",testid:"heatmap-count"});let r=(i,a,o,d)=>l("button",{class:"mv-button",title:a,testid:o,attrs:{type:"button"},on:{click:d}},i);this.matrixMessage=l("div",{class:"mv-muted mv-matrix-message",testid:"heatmap-message"});let n=l("div",{class:"mv-trends-tools"},this.filterInput,l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Group"),this.groupSelect),l("span",{class:"mv-trends-zoom"},r("−","Thinner rows (more of them on screen)","heatmap-zoom-out",()=>this.setZoom(-1)),r("+","Taller rows","heatmap-zoom-in",()=>this.setZoom(1)),r("Fit","Every row on screen at once","heatmap-zoom-fit",()=>this.setZoom(0))),this.countLabel);this.matrixArea=l("div",{class:"mv-trends-matrix"},n,this.heatmap.element,this.matrixMessage),this.side=l("aside",{class:"mv-trends-side",testid:"trends-panel"}),this.element=l("section",{class:"mv-view mv-trends"},l("div",{class:"mv-view-bar"},l("label",{class:"mv-field"},l("span",{class:"mv-field-label"},"Heatmap of"),this.statisticSelect),l("label",{class:"mv-check",title:"Leave out layers that have no value of this statistic (e.g. weight norms of a ReLU)"},this.hideEmpty,"only layers with values"),this.legendSlot,l("span",{class:"mv-spacer"}),l("span",{class:"mv-muted mv-hint"},"Click a cell to open that layer at that step")),l("div",{class:"mv-trends-body"},this.matrixArea,this.side))}setContext(e){this.context=e,this.refresh()}setStatistic(e){this.statistic=de.some(t=>t.name===e)?e:Re,this.statisticSelect.value=this.statistic,this.trendsFor="",this.refresh()}setAlerts(e){this.alerts=e,this.trendsFor="",this.refresh()}setVisible(e){this.visible=e,e&&(this.refresh(),this.heatmap.redraw())}invalidate(){this.matrixFor="",this.trendsFor=""}redraw(){this.visible&&this.heatmap.redraw()}refresh(){let e=this.context;if(!this.visible||!e)return;let t=[e.run,e.tag,this.statistic].join("\0");t!==this.matrixFor&&(this.matrixFor=t,this.loadMatrix(e,this.statistic,t)),this.heatmap.setSelection(this.shownLayer(),e.step),this.matrix&&this.shownLayer()!==this.layerShownInMatrix&&this.showMatrix();let r=this.shownLayer(),n=[e.run,e.tag,e.step,r].join("\0");n!==this.trendsFor&&(this.trendsFor=n,this.loadTrends(e,r))}shownLayer(){let e=this.context;if(e?.layer)return e.layer;if(this.alerts.length)return this.alerts[0].layer;let t=this.matrix;if(!t||!e||this.matrixRun!==xs(e))return null;let r=t.layers.findIndex((n,i)=>n.depth!==0&&t.values[i].some(a=>a!==null));return r>=0?t.layers[r].key:null}async loadMatrix(e,t,r){let n=++this.generation;this.showMatrixMessage(this.matrix?null:"Reading every logged step…");try{let i=await this.store.statMatrix(e.run,e.tag,t);if(r!==this.matrixFor||n!==this.generation)return;this.matrix=i,this.matrixRun=xs(e),this.showMatrix(),this.trendsFor="",this.refresh()}catch(i){if(r!==this.matrixFor)return;this.matrix=null,this.heatmap.setData(null),y(this.legendSlot),this.showMatrixMessage(i.message,!0)}}showMatrix(){let e=this.matrix;if(!e)return;let t=e.layers.map((p,g)=>g).filter(p=>!this.hideEmpty.checked||e.values[p].some(g=>g!==null));this.groupChosen||(this.groupSelect.value=t.length>In?"block":"none");let r=e.layers.find(p=>p.key===this.shownLayer()),n=r?Rt(r.name,this.groupSelect.value):null;n!==null&&n!==this.revealedGroup&&(this.openGroups.add(n),this.revealedGroup=n);let i=ce(e.statistic),a=Ne(i.kind,t.flatMap(p=>e.values[p]),i.preferLog),o=gs(t.map(p=>e.layers[p]),t.map(p=>e.values[p]),e.steps.length,this.filterInput.value,this.groupSelect.value,this.openGroups),d=o.filter(p=>p.group).length;this.countLabel.textContent=`${o.length.toLocaleString("en-US")} rows`+(d?` (${d} groups)`:"")+` of ${t.length.toLocaleString("en-US")} layers`;let h=p=>be(e.statistic,p);if(y(this.legendSlot,re(a,{format:p=>h(p),missing:"no value",testid:"heatmap-legend"})),o.length===0){this.heatmap.setData(null),this.showMatrixMessage(t.length===0?`No layer has a value of “${i.label}” at any step.`:`No layer matches “${this.filterInput.value.trim()}”.`);return}let u=e.unreadable.length?` ${e.unreadable.length} damaged step(s) left out.`:"";this.showMatrixMessage(u?u.trim():null),this.heatmap.setData({steps:e.steps,layers:o.map(p=>p.layer),values:o.map(p=>p.values),scale:a,format:h});let m=this.shownLayer();this.layerShownInMatrix=m,m&&this.heatmap.reveal(m),this.element.dataset.statistic=e.statistic}pick(e,t){if(e.startsWith(Ot)){let r=e.slice(Ot.length);this.openGroups.has(r)?this.openGroups.delete(r):this.openGroups.add(r),this.showMatrix();return}this.handlers.onPick(e,t)}setZoom(e){let t=[3,5,8,11,$t,18,24];if(e===0)this.zoom="fit";else{let r=this.heatmap.rowHeight(),n=e>0?t.find(i=>i>r+.5):[...t].reverse().find(i=>i<r-.5);this.zoom=n??(e>0?t[t.length-1]:t[0])}this.heatmap.setRowHeight(this.zoom)}showMatrixMessage(e,t=!1){this.matrixMessage.hidden=e===null,this.matrixMessage.classList.toggle("mv-error-text",t),this.matrixMessage.textContent=e??""}async loadTrends(e,t){if(t===null){y(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Pick a layer in the heatmap to see its statistics over training."));return}let r=this.trendsFor;this.side.querySelector(".mv-trend")||y(this.side,l("p",{class:"mv-muted mv-trends-empty"},"Loading…"));try{let n=e.otherRuns.filter(o=>this.overlaidRuns.has(o)),[i,...a]=await Promise.all([this.store.layerTrends(e.run,e.tag,t),...n.map(o=>this.store.layerTrends(o,e.tag,t).then(d=>({run:o,trends:d}),d=>({run:o,error:d.message})))]);if(r!==this.trendsFor)return;this.renderTrends(i,e.step,a)}catch(n){if(r!==this.trendsFor)return;y(this.side,l("p",{class:"mv-error-text mv-trends-empty"},n.message))}}runChooser(e){let t=this.context?.otherRuns??[];if(t.length===0)return null;let r=e.filter(n=>"error"in n);return l("div",{class:"mv-trends-runs",testid:"trends-runs"},l("span",{class:"mv-field-label"},"Overlay runs"),l("span",{class:"mv-run-chip is-own"},l("span",{class:"mv-run-swatch is-own"}),this.context?.run??""),...t.map(n=>l("label",{class:"mv-run-chip"},l("input",{attrs:{type:"checkbox",checked:this.overlaidRuns.has(n),"data-run":n},on:{change:i=>{i.target.checked?this.overlaidRuns.add(n):this.overlaidRuns.delete(n),this.trendsFor="",this.refresh()}}}),l("span",{class:"mv-run-swatch",style:{background:ys(t,n)}}),n)),...r.map(n=>l("p",{class:"mv-muted mv-block",testid:"trends-run-missing"},`${n.run}: ${n.error}`)))}renderTrends(e,t,r=[]){let n=this.context?.otherRuns??[],i=p=>r.flatMap(g=>"trends"in g?[{run:g.run,steps:g.trends.steps,values:g.trends.statistics[p]??g.trends.steps.map(()=>null),colour:ys(n,g.run)}]:[]),a=e.layer,o=Gn(e),d=this.alerts.filter(p=>p.layer===a.key),h=p=>(e.statistics[p]??[]).some(g=>g!==null&&g!==0),u=[...Vn,...Bn.filter(h)],m=[this.statistic,...u.filter(p=>p!==this.statistic)];y(this.side,l("div",{class:"mv-trends-head"},l("h2",{class:"mv-mono",testid:"trends-layer-name",title:F(a)},F(a)),l("span",{class:"mv-type-chip"},a.type??"?"),l("span",{class:"mv-spacer"}),X(a.key,"trends")),...d.map(p=>l("div",{class:"mv-trends-alert",testid:"trends-alert"},l("span",{class:"mv-alert-kind",dataset:{kind:p.kind}},Te(p.kind)),p.message)),o.distinct>1?Fn(o):null,this.runChooser(r),l("div",{class:"mv-trend-grid"},...m.map(p=>vs({statistic:p,description:e.descriptions[p]??"",steps:e.steps,values:e.statistics[p]??e.steps.map(()=>null),currentStep:t,alertSteps:d.filter(g=>g.statistic===p).map(g=>g.step),inputChangeSteps:o.ticked?o.steps:[],highlighted:p===this.statistic,others:i(p),onPick:g=>this.handlers.onStep(g)}))),l("p",{class:"mv-muted mv-trends-note"},"Weight and gradient norms combine the layer's own parameters; the update ratio is ‖W(t) − W(t′)‖ / ‖W(t′)‖ since the previous logged step."),this.distributions),this.loadDistributions(a.key,t,this.trendsFor)}async loadDistributions(e,t,r){let n=this.context;if(n){y(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("p",{class:"mv-muted"},"Loading histograms…"));try{let i=await this.store.histograms(n.run,n.tag,e);if(r!==this.trendsFor)return;let a=[Dt({title:"output",testid:"distribution-chart",steps:i.steps,histograms:i.activation,currentStep:t}),...Object.entries(i.params).map(([o,d])=>Dt({title:o,steps:i.steps,histograms:d,currentStep:t})),...Object.entries(i.grads).map(([o,d])=>Dt({title:`${o} gradient`,steps:i.steps,histograms:d,currentStep:t}))];y(this.distributions,l("h3",{class:"mv-distributions-title"},"Distributions over the steps"),l("div",{class:"mv-trend-grid",testid:"distributions"},...a),l("p",{class:"mv-muted mv-trends-note"},"One ridge per logged step, the earliest at the back; each is the step's stored histogram (32 bins) as a density. The current step is outlined."))}catch(i){if(r!==this.trendsFor)return;y(this.distributions,l("p",{class:"mv-error-text"},`Could not read the histograms: ${i.message}`))}}}};function ys(s,e){return bs[Math.max(0,s.indexOf(e))%bs.length]}function xs(s){return s.run+"\0"+s.tag}var zn=12;function Gn(s){let e=s.inputs??[],t=e.filter(a=>a!==null),r=s.steps.filter((a,o)=>o>0&&e[o]!=null&&e[o-1]!=null&&e[o]!==e[o-1]),n=new Set(t).size,i=n===t.length;return{distinct:n,steps:r,everyStep:i,ticked:!i&&r.length<=zn}}function Fn(s){let e=s.everyStep?"Each logged step ran on different inputs":`The logged steps ran on ${s.distinct} different inputs`,t=s.ticked?" Ticks on the step axis mark where they changed.":"";return l("div",{class:"mv-trends-alert mv-inputs-note",testid:"trends-different-inputs",dataset:{inputs:String(s.distinct)}},l("strong",{},e),l("span",{},` The lines mix how the model changed with how its inputs differ.${t} To follow the model alone, log the same inputs at every step (a fixed probe batch).`))}var jn=900,Pt=class{constructor(e){c(this,"root");c(this,"store",new rt);c(this,"bridge",new Qe);c(this,"toolbar");c(this,"main");c(this,"overlay");c(this,"graph");c(this,"layers");c(this,"activations");c(this,"trends");c(this,"compare");c(this,"alertsView");c(this,"alertStrip");c(this,"viewElements");c(this,"selection",{run:null,tag:null,step:null,view:"graph",layer:null,stat:Re,overlay:null,ref:null});c(this,"alerts",[]);c(this,"alertsFor","");c(this,"alertsShown","");c(this,"requested",{});c(this,"runs",[]);c(this,"structure",null);c(this,"structureRun","");c(this,"stepDoc",null);c(this,"loadGeneration",0);c(this,"loading",!1);c(this,"playing",!1);c(this,"playTimer");c(this,"followLatest",!0);c(this,"urlWrite",null);c(this,"followingUrl",!1);this.root=e,this.toolbar=new it({onRun:t=>this.chooseRun(t),onTag:t=>this.chooseTag(t),onStep:t=>{this.stopPlaying(),this.chooseStep(t)},onTogglePlay:()=>this.playing?this.stopPlaying():this.startPlaying(),onView:t=>this.showView(t)}),this.graph=new Et({onSelect:t=>this.selectLayer(t,"graph"),onOpenActivations:t=>this.openActivations(t),renderThumbnail:(t,r)=>this.renderThumbnail(t,r),onOverlay:t=>{this.selection.overlay=t,this.graph.setOverlay(t),this.writeUrl("push")}}),this.layers=new Ct({onSelect:t=>this.selectLayer(t,"layers"),onOpenActivations:t=>this.openActivations(t)}),this.activations=new dt(this.store,{onSelect:t=>this.selectLayer(t,"activations"),onStep:t=>this.goToStep(t)}),this.trends=new _t(this.store,{onPick:(t,r)=>{this.selectLayer(t,"trends"),this.goToStep(r)},onStep:t=>this.goToStep(t),onStatistic:t=>this.chooseStatistic(t)}),this.compare=new Mt(this.store,{onReference:(t,r)=>{this.selection.ref={run:t,step:r},this.writeUrl("push"),this.updateCompare()},onSelect:t=>this.selectLayer(t,"compare"),onStatistic:t=>this.chooseStatistic(t)}),this.alertsView=new ct({onOpen:t=>this.openAlert(t)}),this.alertStrip=new pt({onOpen:t=>this.openAlert(t),onShowAll:()=>this.showView("alerts")}),this.viewElements={graph:this.graph.element,layers:this.layers.element,activations:this.activations.element,trends:this.trends.element,compare:this.compare.element,alerts:this.alertsView.element},this.overlay=l("div",{class:"mv-overlay",testid:"message"}),this.main=l("main",{class:"mv-main"},...Object.values(this.viewElements),this.overlay),y(this.root,this.toolbar.element,this.alertStrip.element,this.main),this.showView("graph",!1),gr(t=>{document.documentElement.classList.toggle("mv-dark",t),this.graph.setDark(t),this.compare.setDark(t),this.trends.redraw()}),this.bridge.onDataReloaded(()=>{this.reload()}),$r({open:(t,r)=>this.openLayerIn(t,r),href:(t,r)=>Tr({...this.urlState(),view:t,layer:r})})}openLayerIn(e,t){this.selectLayer(t,e==="graph"?"layers":e),this.showView(e)}async start(){this.showOverlay(et("Loading runs…"));let e=jt()??ot(await this.bridge.urlData());this.requested={...e,...Ft()},this.requested.view&&this.showView(this.requested.view,!1),this.requested.layer&&(this.selection.layer=this.requested.layer),this.requested.stat&&(this.selection.stat=this.requested.stat),this.trends.setStatistic(this.selection.stat),this.compare.setStatistic(this.selection.stat),this.requested.overlay&&(this.selection.overlay=this.requested.overlay,this.graph.setOverlay(this.requested.overlay)),this.requested.ref_run!==void 0&&this.requested.ref_step!==void 0&&(this.selection.ref={run:this.requested.ref_run,step:this.requested.ref_step}),Mr(t=>this.followUrl(t)),await this.loadRuns()}followUrl(e){this.followingUrl=!0;try{this.stopPlaying(),this.showView(e.view??"graph"),this.chooseStatistic(e.stat??Re),this.selection.overlay=e.overlay??null,this.graph.setOverlay(this.selection.overlay),this.selection.ref=e.ref_run!==void 0&&e.ref_step!==void 0?{run:e.ref_run,step:e.ref_step}:null;let t=e.run!==void 0&&e.run!==this.selection.run||e.tag!==void 0&&e.tag!==this.selection.tag;this.selection.layer=e.layer??null,t?(this.selection.run=e.run??this.selection.run,this.selection.tag=e.tag??null,this.selection.step=null,this.followLatest=!0,this.requested=e,this.applyRuns()):e.step!==void 0&&e.step!==this.selection.step&&this.steps().length&&this.goToStep(lr(this.steps(),e.step)),this.selectLayer(this.selection.layer,"url")}finally{this.followingUrl=!1}}async loadRuns(){this.showOverlay(et("Loading runs…"));try{this.runs=(await this.store.runs()).runs??[]}catch(e){this.showOverlay(Vt("Could not list the runs",e.message,()=>{this.loadRuns()}));return}this.applyRuns()}applyRuns(){let e=this.runs.filter(o=>o.tags.some(d=>d.steps.length>0));if(this.toolbar.setHasData(e.length>0),e.length===0){this.selection.run=this.selection.tag=this.selection.step=null,this.setAlerts(null),this.showOverlay(fr());return}let t=this.requested,r=e.find(o=>o.run===(this.selection.run??t.run))??e[0],n=r.run===this.selection.run?this.selection.tag:t.tag,i=r.tags.find(o=>o.tag===n&&o.steps.length)??r.tags.find(o=>o.steps.length),a;this.selection.step!==null&&r.run===this.selection.run&&i.tag===this.selection.tag&&!this.followLatest?a=lr(i.steps,this.selection.step):this.selection.step===null&&t.step!==void 0?(a=lr(i.steps,t.step),this.followLatest=a===i.steps[i.steps.length-1]):a=i.steps[i.steps.length-1],this.selection.run=r.run,this.selection.tag=i.tag,this.toolbar.setRuns(e,r.run,i.tag),this.toolbar.setSteps(i.steps,a),this.loadAlerts(r.run,i.tag),this.loadStep(a)}steps(){return this.runs.find(t=>t.run===this.selection.run)?.tags.find(t=>t.tag===this.selection.tag)?.steps??[]}chooseRun(e){this.stopPlaying(),this.selection.run=e,this.selection.tag=null,this.selection.step=null,this.followLatest=!0,this.requested={},this.writeUrl("push"),this.applyRuns()}chooseTag(e){this.stopPlaying(),this.selection.tag=e,this.selection.step=null,this.followLatest=!0,this.requested={run:this.selection.run??void 0,tag:e},this.writeUrl("push"),this.applyRuns()}chooseStep(e){let t=this.steps();this.followLatest=e===t[t.length-1],this.loadStep(e)}async reload(){let e;try{e=(await this.store.runs()).runs??[]}catch{return}if(this.store.invalidate(),this.trends.invalidate(),this.compare.invalidate(),this.runs=e,this.alertsFor="",this.playing){let t=this.steps();this.toolbar.setSteps(t,this.selection.step??t[0]);return}this.applyRuns()}async loadStep(e){let t=this.selection.run,r=this.selection.tag;if(t===null||r===null)return;let n=++this.loadGeneration,i={run:t,tag:r,step:e},a=this.stepDoc&&this.selection.step===e&&this.stepDoc.tag===r&&this.structure;this.selection.step=e,this.writeUrl(),this.setLoading(!0),this.structure||this.showOverlay(et(`Loading step ${e} of ${t}…`));try{let o=await this.store.step(i),d=this.structure&&this.structure.hash===o.structure&&this.structureRun===t+"\0"+r?this.structure:await this.store.structure(i,o.structure);if(n!==this.loadGeneration)return;if(this.showOverlay(null),a&&o.wall_time===this.stepDoc?.wall_time&&d===this.structure){this.updateTrends(),this.updateCompare();return}this.apply(i,d,o)}catch(o){if(n!==this.loadGeneration||we(o))return;this.stopPlaying(),this.structure=null,this.stepDoc=null,this.toolbar.setSummary(null),this.showOverlay(Vt(`Could not load step ${e} of run “${t}”`,o.message,()=>{this.loadStep(e)}))}finally{n===this.loadGeneration&&this.setLoading(!1)}}apply(e,t,r){let n=t!==this.structure;this.structure=t,this.structureRun=e.run+"\0"+e.tag,this.stepDoc=r,this.toolbar.setStepDetail(r.wall_time??null),n&&(this.toolbar.setSummary(t),this.selection.layer&&!t.layers.some(i=>i.key===this.selection.layer)&&(this.selection.layer=null),this.layers.setStructure(t),this.graph.setStructure(t).then(()=>{this.structure===t&&this.graph.select(this.selection.layer)})),this.layers.setStep(r),this.graph.setStep(r),this.activations.setData(t,r,e),this.layers.select(this.selection.layer),this.activations.setLayer(this.selection.layer),this.updateTrends(),this.updateCompare()}updateTrends(){let{run:e,tag:t,step:r,layer:n}=this.selection;if(e===null||t===null||r===null)return;let i=this.runs.filter(a=>a.run!==e&&a.tags.some(o=>o.tag===t&&o.steps.length)).map(a=>a.run);this.trends.setContext({run:e,tag:t,step:r,layer:n,otherRuns:i})}reference(e,t,r){let n=this.selection.ref;if(n){let o=this.runs.find(h=>h.run===n.run),d=o?.tags.find(h=>h.tag===t)??o?.tags[0];if(d&&d.steps.includes(n.step))return{run:n.run,tag:d.tag,step:n.step}}let i=this.steps();if(i.length===0)return null;let a=i[0]===r&&i.length>1?i[i.length-1]:i[0];return{run:e,tag:t,step:a}}updateCompare(){let{run:e,tag:t,step:r,layer:n}=this.selection;if(e===null||t===null||r===null||!this.structure)return;let i=this.reference(e,t,r);i&&this.compare.setContext({runs:this.runs,a:i,b:{run:e,tag:t,step:r},structure:this.structure,layer:n})}async loadAlerts(e,t){let r=e+"\0"+t;if(r!==this.alertsFor){this.alertsFor=r,r!==this.alertsShown&&(this.setAlerts(null),this.alertsView.showLoading());try{let n=await this.store.alerts(e,t);if(r!==this.alertsFor)return;this.alertsShown=r,this.setAlerts(n.alerts),this.alertsView.setAlerts(n,e)}catch(n){if(r!==this.alertsFor)return;this.alertsFor=this.alertsShown="",this.setAlerts(null),this.alertsView.showError(`Could not check this run for problems: ${n.message}`)}}}setAlerts(e){this.alerts=e??[],this.toolbar.setAlertCount(e===null?null:e.length),this.alertStrip.setAlerts(e),this.graph.setAlerts(this.alerts),this.trends.setAlerts(this.alerts)}openAlert(e){this.writeUrl("push"),this.selectLayer(e.layer,"alerts"),this.chooseStatistic(e.statistic),this.showView("trends"),this.steps().includes(e.step)&&this.goToStep(e.step)}chooseStatistic(e){this.selection.stat=e,this.trends.setStatistic(e),this.compare.setStatistic(e),this.writeUrl("push")}goToStep(e){this.writeUrl("push"),this.stopPlaying(),this.toolbar.setSteps(this.steps(),e),this.chooseStep(e)}setLoading(e){this.loading=e,this.toolbar.setLoading(e)}startPlaying(){let e=this.steps();e.length<2||(this.selection.step===e[e.length-1]&&(this.toolbar.setSteps(e,e[0]),this.loadStep(e[0])),this.playing=!0,this.toolbar.setPlaying(!0),this.scheduleTick())}stopPlaying(){this.playing=!1,window.clearTimeout(this.playTimer),this.toolbar.setPlaying(!1)}scheduleTick(){window.clearTimeout(this.playTimer),this.playTimer=window.setTimeout(()=>this.tick(),jn)}tick(){if(!this.playing)return;if(this.loading){this.scheduleTick();return}let e=this.steps(),t=e.indexOf(this.selection.step??NaN);if(t<0||t>=e.length-1){this.stopPlaying();return}let r=e[t+1];this.toolbar.setSteps(e,r),this.chooseStep(r);let n=e[t+2];n!==void 0&&this.selection.run&&this.selection.tag&&this.store.step({run:this.selection.run,tag:this.selection.tag,step:n}).catch(()=>{}),this.scheduleTick()}showView(e,t=!0){this.selection.view=e,this.toolbar.setView(e);for(let r of Gt)this.viewElements[r].hidden=r!==e;this.activations.setVisible(e==="activations"),this.trends.setVisible(e==="trends"),this.compare.setVisible(e==="compare"),t&&this.writeUrl("push")}selectLayer(e,t){this.selection.layer=e,t!=="graph"&&this.graph.select(e),this.layers.select(e),this.activations.setLayer(e),this.updateTrends(),this.updateCompare(),this.writeUrl("push")}openActivations(e){this.selectLayer(e,"layers"),this.showView("activations")}async renderThumbnail(e,t){let{run:r,tag:n,step:i}=this.selection;if(r===null||n===null||i===null)throw new Error("no step is selected");mr(t,await this.store.sample({run:r,tag:n,step:i},e))}writeUrl(e="replace"){let t=this.urlWrite;this.urlWrite=t==="push"||e==="push"&&!this.followingUrl?"push":"replace",t===null&&queueMicrotask(()=>{let r=this.urlWrite??"replace";this.urlWrite=null,Cr(this.urlState(),r)})}urlState(){let{run:e,tag:t,step:r,view:n,layer:i,stat:a,overlay:o,ref:d}=this.selection;return{run:e??void 0,tag:t??void 0,step:r??void 0,view:n,layer:i??void 0,stat:a===Re?void 0:a,overlay:o??void 0,ref_run:d?.run,ref_step:d?.step}}showOverlay(e){this.overlay.hidden=e===null,y(this.overlay,e)}};function lr(s,e){let t=s[0];for(let r of s)Math.abs(r-e)<Math.abs(t-e)&&(t=r);return t}var ws=`/* tensorboard_modelviz dashboard. Colours are variables so TensorBoard's dark mode is one class. */

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
`;function Ml(){let s=document.createElement("style");s.textContent=ws,document.head.appendChild(s);let e=document.createElement("div");e.className="mv-app",document.body.appendChild(e),new Pt(e).start()}export{Ml as render};
