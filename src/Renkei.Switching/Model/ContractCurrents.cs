namespace Renkei.Switching.Model;

/// <summary>契約電流: the standard contract currents of a low-voltage point, which the hub's rule and the TSO both check an ampere change against.</summary>
public static class ContractCurrents
{
    public static IReadOnlyList<int> Standard { get; } = [10, 15, 20, 30, 40, 50, 60];
}
