using Microsoft.AspNetCore.Mvc;
using Renkei.Web.Forms;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages.Applications;

/// <summary>A form per application kind (switch-out, move-in, move-out, customer details, ampere change, usage information).</summary>
public sealed class NewModel(GatewayApi gateway, Ui ui) : StaffPage(gateway, ui)
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
        var answer = await PostAsync(Form.Path, Form.Body(name => form[name].ToString()), Nonce + "-" + Form.InterfaceId);
        if (!answer.IsSuccess)
        {
            Problem = answer.Problem;
            Response.StatusCode = (int)answer.Status;
            return Page();
        }

        if (Form.InterfaceId == "IF_10210")
        {
            Granted = answer.As<UsageGrant>();
            return Page();
        }

        var number = answer.As<ApplicationView>()!.Number;
        return LocalRedirect($"/Applications/{Uri.EscapeDataString(number)}?submitted=1");
    }
}
