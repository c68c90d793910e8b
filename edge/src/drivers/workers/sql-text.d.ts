// .sql files are bundled as text (wrangler [[rules]] type = "Text"; esbuild's text loader in tests).
declare module '*.sql' {
  const text: string;
  export default text;
}
