using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages;

/// <summary>
/// Log-in: the screens never see a password. <c>GET /Login</c> starts the authorization code flow with PKCE
/// (<see cref="StaffLogIn"/>) and sends the browser to the gateway's log-in page; after a session expired, a log-out
/// or a refused log-in it shows why, with a link to start again.
/// </summary>
internal sealed class LoginModel(StaffLogIn logIn, Ui ui) : PageModel
{
    public Ui Ui { get; } = ui;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Expired { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SignedOut { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        if (Expired is not null || SignedOut is not null)
        {
            Error = Expired is not null ? Ui["login.expired"] : Ui["login.signedout"];
            return Page();
        }

        return Redirect(logIn.Start(HttpContext, ReturnUrl is { Length: > 1 } back && Url.IsLocalUrl(back) ? back : null, Ui.Code).ToString());
    }
}
