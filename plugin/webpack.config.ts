import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'path';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

/**
 * The scaffold's config plus what it does not know about: the nested datasource's img/
 * (its plugin.json points there) and the dashboards the app's plugin.json includes, which
 * live in the repository's dashboards/ folder so provisioning can mount them too.
 */
const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [
      ...(base.plugins ?? []),
      new CopyWebpackPlugin({
        patterns: [
          { from: path.resolve(__dirname, 'src/datasource/img'), to: 'datasource/img' },
          { from: path.resolve(__dirname, '../dashboards/CostWatch/*.json'), to: 'dashboards/[name][ext]' },
        ],
      }),
    ],
  };
};

export default config;
