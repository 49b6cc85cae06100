using System.Globalization;
using Renkei.Switching.Applications.Validation;
using Renkei.Switching.Applications.Validation.Characters;

namespace Renkei.Switching.Applications.IS_20110_CancellationRelay;

/// <summary>What the 廃止取次 registration rules look at.</summary>
internal sealed class RelayRegistrationCheck : PointCheck, ITextItems
{
    public required RelayRegistrationRequest Request { get; init; }

    public DateOnly? Earliest { get; init; }

    public bool DateOutsideCalendar { get; init; }

    public IEnumerable<TextItem> TextItems
    {
        get
        {
            var r = Request;
            yield return new("contractNumber", r.ContractNumber, "契約番号", ItemShape.Number, 21, Required: true);
            yield return new("holderName", r.HolderName, "契約名義", ItemShape.Text, 80, Required: true);
            yield return new("holderNameKana", r.HolderNameKana, "契約名義（カナ）", ItemShape.Kana, 80);
            yield return new("address", r.Address, "需要場所住所", ItemShape.Text, 400, Required: true);
            yield return new("wishedDate", r.WishedDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "廃止希望日", ItemShape.Text, 10, Required: true);
            yield return new("contact", r.Contact, "新小売事業者担当者", ItemShape.Text, 40);
            yield return new("phone", r.Phone, "新小売事業者電話番号", ItemShape.PhoneNumber, 13);
        }
    }
}
