namespace Renkei.Switching.Store;

/// <summary>One entry of the wheeling-contract change feed: the contract's state after its latest change.</summary>
public sealed record ContractChange(long Seq, long ContractId, string SupplyPointId, string RetailerCode, DateOnly StartDate, DateOnly? EndDate);

/// <summary>A page of the change feed; <see cref="Next"/> is the cursor to ask with next time.</summary>
public sealed record ContractChangePage(IReadOnlyList<ContractChange> Items, long Next);
