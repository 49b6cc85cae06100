using System.Globalization;

namespace Renkei.Switching.Applications.Validation;

/// <summary>
/// The shape shared by the rules that require text items (or check their length) (the 廃止取次 identity items, the
/// customer details): each item missing or too long is one violation under the rule's code.
/// </summary>
internal abstract class RequiredTextRule<TCheck> : IRule<TCheck>
{
    public abstract string Code { get; }

    /// <summary>The items of <paramref name="check"/>: field name, value, longest length, Japanese name, and whether it is required (else only its length is checked).</summary>
    protected abstract IEnumerable<(string Field, string? Value, int Max, string NameJa, bool Required)> Items(TCheck check);

    public IEnumerable<RuleViolation> Check(TCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var (field, value, max, ja, required) in Items(check))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (!required)
                {
                    continue;
                }

                yield return new RuleViolation(Code, field, $"{field} is required", $"{ja}は必須です");
            }
            else if (value.Length > max)
            {
                yield return new RuleViolation(
                    Code,
                    field,
                    string.Create(CultureInfo.InvariantCulture, $"{field} has {value.Length} characters; at most {max}"),
                    string.Create(CultureInfo.InvariantCulture, $"{ja}は{max}文字以内です"));
            }
        }
    }
}
