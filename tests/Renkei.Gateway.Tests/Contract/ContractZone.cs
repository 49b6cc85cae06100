using Renkei.Gateway.Staff;
using Renkei.Gateway.Tests.Support;

namespace Renkei.Gateway.Tests.Contract;

/// <summary>
/// An internal zone and gateway of the contract tests' own (their switch-ins, relays and webhooks change the market,
/// which the shared zone's tests must not see), with an operator and a retailer's staff member for the code flow.
/// </summary>
public sealed class ContractZone : IAsyncLifetime
{
    public const string Operator = "olga";
    public const string OperatorPassword = "operator password for the contract test";

    public InternalZone Zone { get; } = new();

    public TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Zone.InitializeAsync();
        Gateway = await TestGateway.StartAsync(Zone, staff: [new StaffAccount(Operator, OperatorPassword, "Olga (operator)", null, IsOperator: true)]);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Zone.DisposeAsync();
    }
}
