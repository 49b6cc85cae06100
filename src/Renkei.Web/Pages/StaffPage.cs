using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Client;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages;

/// <summary>
/// What every screen has: the gateway's client with the staff member's token, the labels, and the gateway's
/// problem if any.
/// </summary>
internal abstract class StaffPage(RenkeiClient gateway, Ui ui) : PageModel
{
    protected RenkeiClient Gateway { get; } = gateway;

    public Ui Ui { get; } = ui;

    /// <summary>The gateway's refusal of the last request, shown above the form and next to each field.</summary>
    public ProblemErrors Problem { get; protected set; } = ProblemErrors.Empty;

    /// <summary>The last refusal of <see cref="CallAsync{T}"/>, null when none.</summary>
    protected RenkeiApiException? Refusal { get; private set; }

    /// <summary>The HTTP status of <see cref="Refusal"/> (a refusal without one counts as 502).</summary>
    protected int RefusalStatus => Refusal is { StatusCode: not 0 } r ? (int)r.StatusCode : StatusCodes.Status502BadGateway;

    protected bool RefusedAsNotFound => Refusal?.StatusCode == HttpStatusCode.NotFound;

    /// <summary>
    /// The gateway's answer, or null when it refused the call; then <see cref="Refusal"/> holds the refusal. A 401
    /// (the token expired or was revoked) is not caught: the session ends (<see cref="WebHost"/>).
    /// </summary>
    protected async Task<T?> CallAsync<T>(Func<RenkeiClient, CancellationToken, Task<T>> call)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            Refusal = null;
            return await call(Gateway, HttpContext.RequestAborted);
        }
        catch (RenkeiApiException e) when (e.StatusCode != HttpStatusCode.Unauthorized)
        {
            Refusal = e;
            return null;
        }
    }

    /// <summary>Shows <see cref="Refusal"/>'s problem on the page with its status.</summary>
    protected void ShowRefusal()
    {
        Problem = ProblemOf(Refusal);
        Response.StatusCode = RefusalStatus;
    }

    protected static ProblemErrors ProblemOf(RenkeiApiException? refusal) =>
        refusal?.Body is { Length: > 0 } body ? ProblemErrors.Parse(body) : ProblemErrors.Empty;

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
