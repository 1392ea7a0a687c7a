import path from 'node:path';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import MinimizerPlugin from 'minimizer-webpack-plugin';

const backend = `http://127.0.0.1:${process.env.BACKEND_PORT ?? '4100'}`;

/** The demo page: one bundle and its HTML, served by the demo backend from demo-dist/. */
export default (_env, argv) => ({
  entry: './src/demo/main.tsx',
  output: {
    path: path.resolve(import.meta.dirname, 'demo-dist'),
    filename: '[name].[contenthash:8].js',
    clean: true,
  },
  resolve: {
    extensions: ['.tsx', '.ts', '.js'],
    // Source imports name the emitted file (`./x.js`), as Node's ESM needs; webpack finds the .ts.
    extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
  },
  module: {
    rules: [
      // package.json says "sideEffects": false; a stylesheet import is nothing but a side effect.
      { test: /\.css$/, sideEffects: true },
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              transform: {
                react: { runtime: 'automatic' },
              },
              target: 'es2022',
            },
          },
        },
      },
    ],
  },
  plugins: [new HtmlWebpackPlugin({ template: './src/demo/index.html' })],
  // webpack's own CSS support: the demo imports payment-flows' stylesheet as a host app would.
  experiments: { css: true },
  // swc's minifier: about three times faster than terser here, for the same size.
  optimization: {
    minimizer: [new MinimizerPlugin({ minify: MinimizerPlugin.swcMinify })],
    // Dependencies in their own chunk: cached across releases, and measured apart from our code.
    splitChunks: {
      cacheGroups: { vendor: { test: /[\\/]node_modules[\\/]/, name: 'vendor', chunks: 'all' } },
    },
  },
  performance: { hints: false },
  devtool: argv.mode === 'development' ? 'eval-source-map' : false,
  devServer: {
    port: Number(process.env.PORT ?? 4200),
    hot: true,
    historyApiFallback: true,
    proxy: [{ context: ['/api', '/3ds', '/socket.io'], target: backend, ws: true }],
  },
});
