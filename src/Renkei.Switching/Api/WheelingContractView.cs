using Renkei.Switching.Model;

namespace Renkei.Switching.Api;

/// <summary>
/// A supply point's wheeling contract as <c>GET /internal/v1/supply-points/{id}/wheeling-contracts</c> answers it:
/// start inclusive, end exclusive (null while open), and its position in the change feed.
/// </summary>
internal sealed record WheelingContractView(long Id, string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate, long ChangeSeq)
{
    internal static WheelingContractView Of(WheelingContract contract) =>
        new(contract.Id, contract.SupplyPointId, contract.RetailerCode, contract.StartDate, contract.EndDate, contract.ChangeSeq);
}

/// <summary>A retailer as <c>GET /internal/v1/retailers</c> answers it.</summary>
internal sealed record RetailerView(string Code, string Name)
{
    internal static RetailerView Of(Retailer retailer) => new(retailer.Code, retailer.Name);
}
