using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages;

/// <summary>
/// <c>GET /signin-callback</c>: the redirect URI registered at the gateway. Checks the state against the browser's
/// log-in cookie, exchanges the code with the PKCE verifier and the screens' secret, checks the identity token's
/// nonce, and starts the staff session (<see cref="StaffLogIn.CompleteAsync"/>).
/// </summary>
internal sealed class SignInCallbackModel(StaffLogIn logIn, Ui ui) : PageModel
{
    public Ui Ui { get; } = ui;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code, string? state)
    {
        var outcome = await logIn.CompleteAsync(HttpContext, code, state, HttpContext.RequestAborted);
        if (outcome.Result == LoginResult.Ok)
        {
            await StaffSession.SignInAsync(HttpContext, outcome.UserName!, outcome.AccessToken!, outcome.ExpiresAt!.Value);
            return LocalRedirect(outcome.ReturnUrl ?? (StaffSession.IsOperatorToken(outcome.AccessToken!) ? "/Dashboard" : "/"));
        }

        (Error, Response.StatusCode) = outcome.Result == LoginResult.Unavailable
            ? (Ui["login.unavailable"], StatusCodes.Status503ServiceUnavailable)
            : (Ui["login.refused"], StatusCodes.Status401Unauthorized);
        return Page();
    }
}
