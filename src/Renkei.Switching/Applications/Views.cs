using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications;

/// <summary>Makes the status poll's answer (<see cref="ApplicationView"/>, a wire record of Renkei.Formats) from an application.</summary>
public static class ApplicationViews
{
    extension(ApplicationView)
    {
        public static ApplicationView Of(Application a)
        {
            ArgumentNullException.ThrowIfNull(a);
            return new(
                a.Number,
                a.Kind,
                a.SupplyPointId,
                a.RetailerCode,
                a.Status,
                ApplicationStatus.NameOf(a.Status),
                a.RequestedDate,
                a.SwitchDate,
                a.Deadline,
                a.RelayId is { } r ? Numbers.Relay(r) : null,
                a.ReasonCode,
                a.ReasonMessage,
                WaitingForOf(a),
                a.CreatedAt,
                a.UpdatedAt,
                a.Amperes,
                a.MeterReplacementPlannedDate,
                a.MeterReplacementDate,
                a.Kind is ApplicationKinds.SwitchIn or ApplicationKinds.SwitchOut ? a.EffectiveDate : null);
        }

        private static string? WaitingForOf(Application a)
        {
            if (a.Status == ApplicationStatus.ReturnedForCorrection)
            {
                return string.Create(CultureInfo.InvariantCulture, $"your correction (POST .../applications/{a.Number}/correction) by {a.Deadline:yyyy-MM-dd}; uncorrected after it, rejected");
            }

            if (!ApplicationStatus.IsOpen(a.Status))
            {
                return a.Status == ApplicationStatus.Matched ? "completion by the TSO" : null;
            }

            if (a.Kind == ApplicationKinds.AmpereChange)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the change date {a.SwitchDate:yyyy-MM-dd}: the contract current becomes {a.Amperes} A then");
            }

            var by = string.Create(CultureInfo.InvariantCulture, $"{a.SwitchDate:yyyy-MM-dd}; unmatched after {a.Deadline:yyyy-MM-dd}, rejected");
            if (a.Kind == ApplicationKinds.SwitchIn)
            {
                return a.RelayId is { } relay
                    ? $"the current retailer's decision on 廃止取次 {Numbers.Relay(relay)} (its switch-out) for {by}"
                    : $"the current retailer's switch-out (IF_10710) for {by}";
            }

            return $"the new retailer's switch-in (IF_10610) for {by}";
        }
    }
}

/// <summary>Makes <see cref="RelayView"/> (a wire record of Renkei.Formats) from a 廃止取次.</summary>
public static class RelayViews
{
    extension(RelayView)
    {
        public static RelayView Of(CancellationRelay r)
        {
            ArgumentNullException.ThrowIfNull(r);
            var reasons = new List<RelayNgReasonView>();
            foreach (var code in ParseReasons(r.NgReasons))
            {
                var (en, ja) = RelayNgReasons.All[code];
                reasons.Add(new RelayNgReasonView(code, en, ja));
            }

            return new(r.Number, r.Status, RelayStatus.NameOf(r.Status), reasons, r.SupplyPointId, r.ContractNumber, r.HolderName, r.HolderNameKana, r.Address,
                r.WishedDate, r.Deadline, r.NewRetailerCode, r.NewRetailerContact, r.NewRetailerPhone, r.CurrentRetailerCode, r.CreatedAt, r.UpdatedAt,
                r.ReasonCode, r.ReasonMessage);
        }

        internal static IEnumerable<int> ParseReasons(string? text) =>
            string.IsNullOrEmpty(text) ? [] : text.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The outcome of a submission: the result when accepted, or every failed rule. A dry run checks every rule and
/// reports the earliest valid date and the date it would take, committing nothing.
/// </summary>
public sealed record Submission<T>(
    T? Result,
    IReadOnlyList<RuleViolation> Errors,
    DateOnly? EarliestDate = null,
    DateOnly? EffectiveDate = null,
    bool DryRun = false,
    bool Replayed = false)
    where T : class
{
    public bool Accepted => Errors.Count == 0;
}

/// <summary>Makes <see cref="Submission{T}"/>s.</summary>
public static class Submissions
{
    public static Submission<T> Failed<T>(IReadOnlyList<RuleViolation> errors)
        where T : class => new(null, errors);
}

/// <summary>How application and relay numbers are made from their row IDs.</summary>
public static class Numbers
{
    public static string Application(long id) => string.Create(CultureInfo.InvariantCulture, $"A{id:D12}");

    public static string Relay(long id) => string.Create(CultureInfo.InvariantCulture, $"C{id:D12}");
}

