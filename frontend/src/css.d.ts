/** Stylesheets are bundled as text (esbuild's text loader) and injected by `render()`. */
declare module "*.css" {
  const text: string;
  export default text;
}
