using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Renkei.Formats.Api.Switching;

/// <summary>廃止取次 as the new retailer (IS_20210 result) and the current retailer (IS_20310 inquiry) see it.</summary>
public sealed record RelayView(
    string Number,
    [Description("廃止取次 status: 01 awaiting the current retailer's decision; 02 decided OK; 03 decided NG (ngReasons); 04 matched OK; 05 matched NG; 06 expired (no decision by the deadline); 07 withdrawn by the new retailer.")][AllowedValues("01", "02", "03", "04", "05", "06", "07")] string Status,
    string StatusName,
    IReadOnlyList<RelayNgReasonView> NgReasons,
    string SupplyPointId,
    string ContractNumber,
    string HolderName,
    string HolderNameKana,
    string Address,
    DateOnly WishedDate,
    DateOnly Deadline,
    string NewRetailerCode,
    string NewRetailerContact,
    string NewRetailerPhone,
    string CurrentRetailerCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ReasonCode = null,
    string? ReasonMessage = null);

/// <summary>An NG reason (1–9) of a 廃止取次 decision, with its names in English and Japanese.</summary>
public sealed record RelayNgReasonView(int Code, string Name, string NameJa);
