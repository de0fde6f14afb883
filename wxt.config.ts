import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { backstoryDataset } from './data/tools/vite-plugin';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact(), backstoryDataset()] }),
  manifest: ({ browser }) => ({
    name: 'Backstory',
    description: 'Sourced context for the people, companies, laws and slogans in the news you read.',
    permissions: ['storage', 'activeTab'],
    action: { default_title: 'Backstory' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'backstory@backstory.example',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
