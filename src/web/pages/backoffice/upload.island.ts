// The publishing wizard's upload, with a progress bar: the one thing a form cannot show. The form
// (src/web/pages/backoffice/publish.tsx) works as it is without this script; with it, the same
// multipart form is sent by XMLHttpRequest, whose upload events tell how much has gone. The
// server then answers JSON `{ location }` (the preview's address), or the form's page again with
// the errors by their fields, which replaces this one. Texts come from the form's data attributes,
// in the page's language.

function enhance(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-upload]');
  const box = document.getElementById('upload-progress');
  const bar = document.getElementById('upload-progress-bar') as HTMLProgressElement | null;
  const status = document.getElementById('upload-progress-status');
  if (!form || !box || !bar || !status) return;
  form.addEventListener('submit', (event) => {
    const file = form.querySelector<HTMLInputElement>('input[type=file]');
    // No file chosen: the server's answer says so by the field, as without JavaScript.
    if (!file?.files?.length) return;
    event.preventDefault();
    const data = new FormData(form);
    const submit = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (submit) submit.disabled = true;
    box.hidden = false;
    const say = (text: string) => {
      status.textContent = text;
    };
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', String(data.get('_csrf') ?? ''));
    xhr.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.floor((progress.loaded / progress.total) * 100);
      bar.value = percent;
      say((form.dataset.sending ?? '{n} %').replace('{n}', String(percent)));
    });
    xhr.upload.addEventListener('load', () => say(form.dataset.reading ?? ''));
    xhr.addEventListener('load', () => {
      const type = xhr.getResponseHeader('content-type') ?? '';
      if (xhr.status < 300 && type.includes('application/json')) {
        const { location } = JSON.parse(xhr.responseText) as { location: string };
        window.location.assign(location);
        return;
      }
      if (type.includes('text/html')) {
        // The page again, with the errors by their fields.
        const page = new DOMParser().parseFromString(xhr.responseText, 'text/html');
        document.title = page.title;
        document.body.replaceWith(page.body);
        enhance();
        document.querySelector<HTMLElement>('[aria-invalid=true], .error-box')?.focus();
        return;
      }
      fail();
    });
    const fail = () => {
      say(form.dataset.failed ?? '');
      if (submit) submit.disabled = false;
    };
    xhr.addEventListener('error', fail);
    xhr.addEventListener('abort', fail);
    xhr.send(data);
  });
}

enhance();
