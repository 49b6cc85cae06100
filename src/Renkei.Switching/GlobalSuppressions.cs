using System.Diagnostics.CodeAnalysis;

// The application folders and their namespaces carry the market's interface IDs (IF_10610, IS_20110, ...),
// underscore included, so that a reader who knows the market finds them (as DataHub's BRS_021 folders).
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10610_SwitchIn", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10710_SwitchOut", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IS_20110_CancellationRelay", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IS_20410_RelayDecision", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10410_MoveIn", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10510_MoveOut", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10810_CustomerDetails", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10910_AmpereChange", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10210_UsageInformation", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_10310_UsageValues", Justification = "Market interface ID")]
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Scope = "namespace", Target = "~N:Renkei.Switching.Applications.IF_11110_Changes", Justification = "Market interface ID")]
