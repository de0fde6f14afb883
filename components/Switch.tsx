/** An accessible on/off switch (role=switch), named by its visible label. */
export function Switch(props: { label: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      class="switch"
      aria-checked={props.checked}
      disabled={props.disabled}
      onClick={() => props.onChange(!props.checked)}
    >
      <span class="track" aria-hidden="true" />
      <span>{props.label}</span>
    </button>
  );
}
