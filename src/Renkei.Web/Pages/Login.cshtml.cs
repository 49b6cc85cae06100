using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;
using Renkei.Web.Localization;

namespace Renkei.Web.Pages;

/// <summary>Log-in: the user name and password go to the gateway's token endpoint (password grant of the screens client).</summary>
public sealed class LoginModel(GatewayApi gateway, Ui ui) : PageModel
{
    public Ui Ui { get; } = ui;

    [BindProperty]
    [Required]
    public string? UserName { get; set; }

    [BindProperty]
    [Required]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Expired { get; set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true && Expired is null)
        {
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        if (Expired is not null)
        {
            Error = Ui["login.expired"];
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = Ui["login.required"];
            return Page();
        }

        var thumbprint = HttpContext.Connection.ClientCertificate is { } certificate
            ? Base64Url(System.Security.Cryptography.SHA256.HashData(certificate.RawData))
            : null;
        var outcome = await gateway.LoginAsync(UserName.Trim(), Password, thumbprint, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        switch (outcome.Result)
        {
            case LoginResult.Ok:
                await StaffSession.SignInAsync(HttpContext, UserName.Trim(), outcome.AccessToken!, outcome.ExpiresAt!.Value);
                if (ReturnUrl is { Length: > 1 } back && Url.IsLocalUrl(back))
                {
                    return LocalRedirect(back);
                }

                return LocalRedirect(StaffSession.IsOperatorToken(outcome.AccessToken!) ? "/Dashboard" : "/");
            case LoginResult.LockedOut:
                Error = Ui["login.locked"];
                Response.StatusCode = 429;
                return Page();
            case LoginResult.Unavailable:
                Error = Ui["login.unavailable"];
                Response.StatusCode = 503;
                return Page();
            default:
                Error = Ui["login.failed"];
                Response.StatusCode = 401;
                return Page();
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
