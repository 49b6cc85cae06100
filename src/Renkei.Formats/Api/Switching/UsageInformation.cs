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

/// <summary>
/// 使用量照会パスワード from the TSO directly: an operator issues a low-voltage customer's consent password at the
/// customer's request, the customer identified by the contract holder the hub holds for the point's current contract.
/// </summary>
/// <param name="Validity">How long the password is valid: 1d, 7d or 1m, as the retailer-issued one.</param>
/// <param name="HolderName">契約名義: the customer's name; compared with the hub's ignoring spaces and full-/half-width forms.</param>
/// <param name="Phone">The customer's phone number (digits compared; hyphens and spaces ignored); give it or the address.</param>
/// <param name="Address">The customer's address as the contract holds it (compared ignoring spaces and full-/half-width forms); give it or the phone.</param>
public sealed record TsoConsentPasswordRequest(
    [Description("How long the password is valid: 1d one day, 7d seven days, 1m one month.")][AllowedValues("1d", "7d", "1m")] string? Validity,
    [Description("契約名義: the customer's name as the point's current contract holds it.")] string? HolderName,
    [Description("The customer's phone number; hyphens and spaces are ignored. Give it or the address.")] string? Phone = null,
    [Description("The customer's address as the contract holds it. Give it or the phone.")] string? Address = null);
