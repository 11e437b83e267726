using System.Runtime.CompilerServices;

namespace TradeNode.Tui.Tests;

/// <summary>Keeps Terminal.Gui off the real terminal in every test: set before any application starts.</summary>
internal static class HeadlessDriver
{
    [ModuleInitializer]
    internal static void DisableRealDriverIO() => Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
}
