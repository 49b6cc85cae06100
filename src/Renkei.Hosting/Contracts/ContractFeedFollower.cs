using Microsoft.Extensions.Logging;

namespace Renkei.Hosting.Contracts;

/// <summary>
/// Follows switching's contract change feed (<c>GET /internal/v1/wheeling-contracts/changes</c>) into the
/// <see cref="ContractReadModel"/>. The gateway and the metering node each run one, with their own internal caller
/// key; switching trusts each for the feed route.
/// </summary>
public sealed class ContractFeedFollower(HttpClient http, ContractReadModel model, ILogger<ContractFeedFollower> logger)
    : FeedFollower<ContractFeedItem>(http, model, "internal/v1/wheeling-contracts/changes", "wheeling-contract", logger);
