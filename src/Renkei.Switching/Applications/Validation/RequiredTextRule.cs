using Renkei.Switching.Applications.Validation.Characters;

namespace Renkei.Switching.Applications.Validation;

/// <summary>
/// The shape shared by the rules that require a kind's text items (the 廃止取次 identity items, the customer
/// details, ...): each required item missing or blank is one violation under the kind's code. Their lengths and
/// characters are the character rules' (<see cref="CharacterRules"/>).
/// </summary>
internal abstract class RequiredTextRule<TCheck> : IRule<TCheck>
    where TCheck : ITextItems
{
    public abstract string Code { get; }

    public IEnumerable<RuleViolation> Check(TCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var item in check.TextItems)
        {
            if (item.Required && !item.Given)
            {
                yield return new RuleViolation(Code, item.Field, $"{item.Field} is required", $"{item.NameJa}は必須です");
            }
        }
    }
}
