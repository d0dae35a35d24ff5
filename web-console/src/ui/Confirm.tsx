/** A question in the page (no browser dialog): what happens, and the two answers. */
export function Confirm({
  text,
  yes,
  onYes,
  onNo,
}: {
  text: string;
  yes: string;
  onYes: () => void;
  onNo: () => void;
}) {
  return (
    <div class="confirm card" role="alertdialog" aria-label={text} id="confirm">
      <p>{text}</p>
      <div class="row">
        <button type="button" class="btn danger" id="confirm-yes" onClick={onYes}>
          {yes}
        </button>
        <button type="button" class="btn" id="confirm-no" onClick={onNo}>
          Keep going
        </button>
      </div>
    </div>
  );
}
