/** Offers `text` to the reader as a JSON file named `name`, through the browser's own download. */
export function downloadJson(text: string, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = name;
  a.click();
  // The download has started from the URL by then; a second is ample.
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
