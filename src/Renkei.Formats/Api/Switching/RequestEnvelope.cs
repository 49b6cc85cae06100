using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>
/// The market's request envelope, as the market's clients send it with every submission: 申込種別 and 更新フラグ, and
/// for a correction or a withdrawal the 申込番号 it concerns. Optional; without it a route is a new application of its
/// own kind. How the codes map onto the routes: docs/formats.md ("The request envelope").
/// </summary>
public sealed record RequestEnvelope(
    [Description("申込種別 (MARKET.md; low voltage / FIT generation): 01/12 廃止, 02/13 廃止・撤去, 03/14 スイッチング廃止, 04/15 再点, 05/16 スイッチング開始, 06 アンペア変更, 07/17 需要者情報変更, 08 使用量情報照会申請. It must be a code of the route's kind.")]
    [AllowedValues("01", "02", "03", "04", "05", "06", "07", "08", "12", "13", "14", "15", "16", "17")]
    string? ApplicationKind = null,
    [Description("更新フラグ: 1 new (the default), 2 correction (訂正) of applicationNumber, 3 withdrawal (取下げ) of applicationNumber.")]
    [AllowedValues("1", "2", "3")]
    string? UpdateFlag = null,
    [Description("申込番号 of the application a correction (2) or a withdrawal (3) concerns; not given with 1.")]
    string? ApplicationNumber = null);

/// <summary>A request that can carry the market's <see cref="RequestEnvelope"/>.</summary>
public interface IEnveloped
{
    /// <summary>The envelope as sent; null when the request carries none.</summary>
    RequestEnvelope? Envelope { get; }
}
