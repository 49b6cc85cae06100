using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;

namespace Renkei.Web.Pages;

public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => User.IsOperator() ? LocalRedirect("/Dashboard") : Page();
}
