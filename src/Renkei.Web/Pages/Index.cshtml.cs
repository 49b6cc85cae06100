using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Renkei.Web.Gateway;

namespace Renkei.Web.Pages;

internal sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => User.IsOperator() ? LocalRedirect("/Dashboard") : Page();
}
