using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>廃止取次判定 (IS_20410): the current retailer's decision, "01" OK or "02" NG with reason codes 1–9.</summary>
public sealed record RelayDecisionRequest([Description("01 OK (the current retailer agrees to end its contract), 02 NG (with ngReasons).")][AllowedValues("01", "02")] string? Decision, [Description("With 02: reason codes 1 supply point not among the current retailer's contracts, 2 contract number mismatch, 3 a cancellation already in progress, 4 holder name mismatch, 5 site address mismatch, 6 wished date not possible, 7 the customer declines, 8 unpaid charges, 9 other.")][AllowedValues(1, 2, 3, 4, 5, 6, 7, 8, 9)] IReadOnlyList<int>? NgReasons);
