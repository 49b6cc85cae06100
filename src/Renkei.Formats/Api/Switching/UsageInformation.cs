using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>Issues a consent password for <c>1d</c>, <c>7d</c> or <c>1m</c>.</summary>
public sealed record ConsentPasswordRequest([Description("How long the password is valid: 1d one day, 7d seven days, 1m one month.")][AllowedValues("1d", "7d", "1m")] string? Validity);

/// <summary>
/// The password, shown once, and until when it is valid. A repeat of the issue with the same Idempotency-Key
/// answers the first issue without the password (null): only its hash is kept, and no second password is issued.
/// </summary>
public sealed record ConsentPasswordIssued(string SupplyPointId, string? Password, DateTimeOffset ValidUntil);

/// <summary>使用量情報照会申請 (IF_10210): a retailer asks for a point's usage with the customer's consent password.</summary>
/// <param name="SupplyPointId">供給地点特定番号.</param>
/// <param name="Password">The customer's consent password (使用量閲覧パスワード).</param>
/// <param name="Envelope">The market's request envelope: 申込種別 08, 更新フラグ 1 (the grant is answered at once, so there is nothing to correct or withdraw); optional.</param>
/// <param name="Attachments">Documents sent with the application (at most 5; PDF, JPEG, PNG or GIF, each at most 1 MiB); optional. Read back by the applicant and the TSO only.</param>
public sealed record UsageInformationRequest(string? SupplyPointId, string? Password, RequestEnvelope? Envelope = null, IReadOnlyList<AttachmentUpload>? Attachments = null) : IEnveloped;

/// <summary>
/// 使用量情報照会 (IF_10310) answer: the grant the consent gives. The period is the last 13 months; monthly totals
/// always, daily 30-minute values where the point has a smart meter. The values themselves are served by the
/// metering node for the grant (later, with the gateway route).
/// </summary>
public sealed record UsageGrant(string ApplicationNumber, string SupplyPointId, DateOnly From, DateOnly To, bool Monthly, bool HalfHourly);
