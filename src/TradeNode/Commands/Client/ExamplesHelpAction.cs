using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace TradeNode.Commands.Client;

/// <summary>The standard help, then the examples of a client verb (kept out of its description so command lists stay one line each).</summary>
internal sealed class ExamplesHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exitCode = inner.Invoke(parseResult);
        if (parseResult.CommandResult.Command is ClientCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return exitCode;
    }

    /// <summary>Puts this action behind the help option of <paramref name="root"/>.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction action)
            {
                help.Action = new ExamplesHelpAction(action);
            }
        }
    }
}
