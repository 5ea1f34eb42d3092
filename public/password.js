// Show/hide for password fields (see ui/components/form.rs, Password). The button is served
// hidden, so without this script the field is a plain password input and no dead button shows.
(function () {
  function wire() {
    document.querySelectorAll('button[data-reveals]').forEach(function (button) {
      var input = document.getElementById(button.getAttribute('data-reveals'));
      if (!input) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        var reveal = input.type === 'password';
        input.type = reveal ? 'text' : 'password';
        button.textContent = button.getAttribute(reveal ? 'data-hide' : 'data-show');
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', wire);
  } else {
    wire();
  }
})();
