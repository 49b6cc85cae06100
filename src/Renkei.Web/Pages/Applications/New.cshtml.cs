using Microsoft.AspNetCore.Mvc;
using Renkei.Client;
using Renkei.Web.Forms;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>A form per application kind (switch-out, move-in, move-out, customer details, ampere change, usage information).</summary>
internal sealed class NewModel(RenkeiClient gateway, Ui ui) : StaffPage(gateway, ui)
{
    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    [BindProperty]
    public string Nonce { get; set; } = Guid.NewGuid().ToString("N");

    public ApplicationForm? Form { get; private set; }

    public IReadOnlyDictionary<string, string?> Values { get; private set; } = new Dictionary<string, string?>();

    public UsageGrant? Granted { get; private set; }

    public IActionResult OnGet()
    {
        Form = ApplicationForm.Find(Kind);
        return Kind is not null && Form is null ? NotFoundPage() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Form = ApplicationForm.Find(Kind);
        if (Form is null)
        {
            return NotFoundPage();
        }

        var form = Request.Form;
        Values = Form.Fields.ToDictionary(f => f.Name, f => f.Type == FieldType.Password ? null : (string?)form[f.Name].ToString());
        var body = Form.Body(name => form[name].ToString());
        var answer = await CallAsync((g, ct) => Form.SubmitAsync(g, body, Nonce + "-" + Form.InterfaceId, ct));
        switch (answer)
        {
            case null:
                ShowRefusal();
                return Page();
            case UsageGrant grant:
                Granted = grant;
                return Page();
            default:
                var number = ((ApplicationView)answer).Number;
                return LocalRedirect($"/Applications/{Uri.EscapeDataString(number)}?submitted=1");
        }
    }
}
