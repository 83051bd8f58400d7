import path from 'path';
import type { Configuration } from 'webpack';

/**
 * The browser-check page, built with the plugin's own loaders (swc, css) but bundling
 * @grafana/* and React itself, since no Grafana host provides them here.
 */
export function harnessConfig(outDir: string): Configuration {
  return {
    mode: 'development',
    devtool: false,
    context: path.resolve(__dirname, '..'),
    entry: { harness: './browser-check/harness/index.tsx' },
    output: { path: outDir, filename: '[name].js', publicPath: '/', clean: true },
    resolve: { extensions: ['.js', '.jsx', '.ts', '.tsx'], fallback: { fs: false, path: false, os: false } },
    performance: { hints: false },
    module: {
      rules: [
        {
          exclude: /node_modules/,
          test: /\.[tj]sx?$/,
          use: {
            loader: 'swc-loader',
            options: { jsc: { target: 'es2020', parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'classic' } } } },
          },
        },
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/, type: 'asset/resource' },
      ],
    },
  };
}
