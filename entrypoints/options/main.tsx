import { render } from 'preact';
import { OptionsApp } from '../../components/OptionsApp';
import { askBackground } from '../../utils/messaging';
import { loadSettings, updateSettings } from '../../utils/settings-store';
import '../../components/page.css';
import './style.css';

render(
  <OptionsApp
    load={loadSettings}
    save={updateSettings}
    status={async () => {
      const res = await askBackground({ type: 'status' }).catch(() => undefined);
      return res?.ok ? res.status : undefined;
    }}
  />,
  document.getElementById('app')!,
);
