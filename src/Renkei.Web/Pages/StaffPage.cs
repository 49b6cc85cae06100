using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages;

/// <summary>What every screen has: the gateway API with the staff member's token, the labels, and the gateway's problem if any.</summary>
public abstract class StaffPage(GatewayApi gateway, Ui ui) : PageModel
{
    protected GatewayApi Gateway { get; } = gateway;

    public Ui Ui { get; } = ui;

    /// <summary>The gateway's refusal of the last request, shown above the form and next to each field.</summary>
    public ProblemErrors Problem { get; protected set; } = ProblemErrors.Empty;

    protected string Token => User.AccessToken();

    protected Task<ApiAnswer> GetAsync(string pathAndQuery) => Gateway.GetAsync(Token, pathAndQuery, HttpContext.RequestAborted);

    protected Task<ApiAnswer> PostAsync(string path, object body, string? idempotencyKey) =>
        Gateway.PostJsonAsync(Token, path, body, idempotencyKey, HttpContext.RequestAborted);

    /// <summary>The not-found page with status 404 (the same for another retailer's resource as for none).</summary>
    protected IActionResult NotFoundPage() => NotFound();

    public IEnumerable<string> ErrorsFor(string field) => Problem.For(field, Ui.Lang);

    public bool Invalid(string field) => ErrorsFor(field).Any();

    /// <summary>The field's messages, each in a span the input names with <c>aria-describedby</c>.</summary>
    public IHtmlContent FieldErrors(string field)
    {
        var html = new HtmlContentBuilder();
        foreach (var message in ErrorsFor(field))
        {
            html.AppendHtml($"<span class=\"field-error\" id=\"err-{HtmlEncoder.Default.Encode(field)}\">");
            html.Append(message);
            html.AppendHtml("</span>");
        }

        return html;
    }

    /// <summary><c>aria-invalid</c> and <c>aria-describedby</c> of the field's input.</summary>
    public IHtmlContent Aria(string field) =>
        new HtmlString($"aria-invalid=\"{(Invalid(field) ? "true" : "false")}\" aria-describedby=\"err-{HtmlEncoder.Default.Encode(field)}\"");
}
