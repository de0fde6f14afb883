import { render } from 'preact';
import index from 'virtual:backstory-index';
import { OptionsApp } from '../../components/OptionsApp';
import { localisePage } from '../../utils/browser/i18n';
import { askBackground, unlessAbsent } from '../../utils/browser/messaging';
import { loadSettings, onSettingsChanged, updateSettings } from '../../utils/browser/settings-store';
import '../../components/page.css';
import './style.css';

localisePage('optionsTitle');

const names = new Map(index.entities.map((e) => [e.id, e.name]));

render(
  <OptionsApp
    load={loadSettings}
    save={updateSettings}
    watch={onSettingsChanged}
    status={async () => {
      const res = await unlessAbsent(askBackground({ type: 'status' }), 'could not read the dataset status');
      return res?.ok ? res.status : undefined;
    }}
    rebuild={async () => {
      const res = await unlessAbsent(askBackground({ type: 'rebuild' }), 'could not rebuild the database');
      return res?.ok ? res.status : undefined;
    }}
    nameOf={(id) => names.get(id)}
  />,
  document.getElementById('app')!,
);
