using System.Globalization;
using Renkei.Switching.Applications.Pipeline;
using Renkei.Switching.Model;

namespace Renkei.Switching.Applications.IF_10910_AmpereChange;

/// <summary>An accepted アンペア変更 taking effect: the point's contract current changes and the application completes.</summary>
internal sealed class AmpereEffect(ApplicationLedger ledger, TimeProvider clock)
{
    /// <summary>
    /// Sets the point's contract current to the application's and completes it; <paramref name="order"/> is the TSO
    /// order that carried it (a TSO node of its own completed it), null for an in-process TSO. An answer older than
    /// the ampere order the point already reflects completes the application but leaves the newer current.
    /// </summary>
    public void Apply(SupplyPoint point, Application application, TsoOrder? order)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(application);
        var before = point.ContractAmperes;
        var detail = string.Create(CultureInfo.InvariantCulture, $"contract current {before?.ToString(CultureInfo.InvariantCulture) ?? "-"} A → {application.Amperes} A, effective {ApplicationLedger.Day(application.SwitchDate)}");
        if (order is null)
        {
            point.ContractAmperes = application.Amperes;
        }
        else if (order.Id >= point.AmpereOrder)
        {
            point.ContractAmperes = application.Amperes;
            point.AmpereOrder = order.Id;
            detail += string.Create(CultureInfo.InvariantCulture, $" (TSO of area {order.Area:D2}, order {order.Id})");
        }
        else
        {
            detail = string.Create(CultureInfo.InvariantCulture,
                $"{application.Amperes} A effective {ApplicationLedger.Day(application.SwitchDate)} at the TSO of area {order.Area:D2} (order {order.Id}); the point already reflects the newer ampere order {point.AmpereOrder} ({before} A)");
        }

        ledger.Complete(application, detail, clock.GetUtcNow());
    }
}
