using System.Text.Json;

namespace TradeNode.Bitcoin.Tests;

/// <summary>Reads the official vector files copied into Vectors/ (see Vectors/SOURCES.md).</summary>
internal static class VectorFile
{
    public static string PathOf(string relativePath) => Path.Combine(AppContext.BaseDirectory, "Vectors", relativePath);

    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath));

    public static JsonElement ReadJson(string relativePath)
    {
        using var document = JsonDocument.Parse(ReadText(relativePath));
        return document.RootElement.Clone();
    }

    /// <summary>The rows of a Bitcoin Core test file: arrays of length one are comments and are left out.</summary>
    public static IReadOnlyList<JsonElement> ReadCoreRows(string relativePath) =>
        ReadJson(relativePath).EnumerateArray().Where(row => row.GetArrayLength() > 1).ToList();
}
