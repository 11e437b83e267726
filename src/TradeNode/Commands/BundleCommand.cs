using System.CommandLine;
using TradeNode.Node;
using TradeNode.P2P.Bundles;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode bundle export --datadir DIR --out FILE [--kinds offer,listing]</c> and
/// <c>tradenode bundle import --datadir DIR FILE</c>: signed items on a file, imported exactly as if a peer had sent
/// them (each printed as stored, duplicate or rejected with its reason; nothing invalid is stored). The node must not be
/// running on DIR meanwhile.
/// </summary>
public sealed class BundleCommand : Command
{
    public BundleCommand()
        : base("bundle", "Export signed items to a file, or import such a file: a market that travels offline.")
    {
        Subcommands.Add(CreateExport());
        Subcommands.Add(CreateImport());
    }

    private static Option<string> DataDirectoryOption() => new("--datadir")
    {
        Description = "The node's data directory.",
        HelpName = "dir",
        DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tradenode", "node"),
    };

    private static Command CreateExport()
    {
        var dataDirectory = DataDirectoryOption();
        var output = new Option<string>("--out") { Description = "The bundle file to write.", HelpName = "file", Required = true };
        var kinds = new Option<string>("--kinds") { Description = $"Comma-separated kinds to export ({string.Join(", ", ItemKindNames.Names)}); all when omitted." };
        var command = new Command("export", "Write the node's items to a bundle file.") { dataDirectory, output, kinds };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var selected = ParseKinds(parseResult.GetValue(kinds));
            using var store = OpenStore(parseResult.GetValue(dataDirectory)!);
            var items = store.GetSortedIds().Select(store.Get).OfType<SignedItem>()
                .Where(item => selected is null || selected.Contains(ItemContent.Parser.ParseFrom(item.Content).Kind))
                .ToList();
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            try
            {
                await using var file = File.Create(path);
                await BundleFile.WriteAsync(file, items, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot write {path} ({ex.Message.TrimEnd('.')}).");
            }

            parseResult.InvocationConfiguration.Output.WriteLine($"Exported {items.Count} items to {path}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var dataDirectory = DataDirectoryOption();
        var file = new Argument<string>("file") { Description = "The bundle file to import." };
        var command = new Command("import", "Validate and store a bundle's items as if a peer had sent them.") { dataDirectory, file };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            Bundle bundle;
            try
            {
                await using var stream = File.OpenRead(path);
                bundle = await BundleFile.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot read {path} ({ex.Message.TrimEnd('.')}).");
            }
            catch (FormatException ex)
            {
                throw new UsageException($"{path} is not a valid bundle: {ex.Message}");
            }

            using var store = OpenStore(parseResult.GetValue(dataDirectory)!);
            var result = BundleImporter.Import(store, bundle, DateTimeOffset.UtcNow);
            var writer = parseResult.InvocationConfiguration.Output;
            foreach (var acceptance in result.Results)
            {
                writer.WriteLine(acceptance.Status == ItemAcceptanceStatus.Rejected
                    ? $"rejected {acceptance.Id}: {acceptance.Rejection}: {acceptance.Detail}"
                    : $"{acceptance.Status.ToString().ToLowerInvariant()} {acceptance.Id}");
            }

            writer.WriteLine($"{result.Stored} stored, {result.Duplicates} duplicates, {result.Rejected} rejected.");
            return result.Rejected == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }

    private static HashSet<ItemKind>? ParseKinds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var kinds = new HashSet<ItemKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ItemKindNames.TryParse(name, out var kind))
            {
                throw new UsageException($"Unknown item kind '{name}': use {string.Join(", ", ItemKindNames.Names)}.");
            }

            kinds.Add(kind);
        }

        return kinds;
    }

    private static ItemStore OpenStore(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(directory);
            return new ItemStore(Path.Combine(directory, "items.db"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new UsageException($"Cannot open the item store in {directory} ({ex.Message.TrimEnd('.')}); is the node running?");
        }
    }
}
