using System.Text.Json;
using TradeNode.Bitcoin.Descriptors;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Descriptors;

/// <summary>Every case of bips/bip380-386_descriptor_vectors.json: checksums, key expressions and descriptor scripts.</summary>
public class DescriptorVectorTests(ITestOutputHelper output)
{
    private const string File = "bips/bip380-386_descriptor_vectors.json";

    private static readonly string[] ScriptBips = ["bip381", "bip382", "bip383", "bip384", "bip385", "bip386"];

    [Fact]
    public void Bip380_checksum_cases_are_accepted_or_rejected_as_labelled()
    {
        var cases = VectorFile.ReadJson(File).GetProperty("bip380").GetProperty("checksum").EnumerateArray().ToList();
        var failures = new List<string>();
        foreach (var item in cases)
        {
            var descriptor = item.GetProperty("descriptor").GetString()!;
            var expected = item.GetProperty("expected_valid").GetBoolean();
            var parsed = OutputDescriptor.TryParse(descriptor, Network.Main, requireChecksum: false, out _, out var error);
            if (parsed != expected)
            {
                failures.Add($"{item.GetProperty("description").GetString()}: parsed={parsed} ({error})");
            }

            if (!expected && (error.Length < 10 || !error.EndsWith('.')))
            {
                failures.Add($"{descriptor}: the error is not a sentence: '{error}'");
            }
        }

        output.WriteLine($"bip380 checksum: {cases.Count - failures.Count} passed, {failures.Count} failed, 0 skipped");
        Assert.Empty(failures);
        Assert.Equal(8, cases.Count);
        Assert.Equal("89f8spxm", DescriptorChecksum.Compute("raw(deadbeef)"));
        Assert.True(DescriptorChecksum.IsValid("raw(deadbeef)#89f8spxm"));
    }

    [Fact]
    public void Bip380_key_expressions_parse_inside_pk_or_are_rejected()
    {
        var bip380 = VectorFile.ReadJson(File).GetProperty("bip380");
        var failures = new List<string>();
        var valid = 0;
        foreach (var item in bip380.GetProperty("key_expressions_valid").EnumerateArray())
        {
            var text = $"pk({item.GetProperty("expression").GetString()})";
            if (!OutputDescriptor.TryParse(text, Network.Main, requireChecksum: false, out var descriptor, out var error))
            {
                failures.Add($"valid '{item.GetProperty("description").GetString()}' rejected: {error}");
                continue;
            }

            // The private form prints the same key expression back (same markers), so its checksum is the original's.
            // A key that marks any step with ' prints ' on every hardened step (the mixed case becomes all ').
            var privateForm = descriptor.ToString(includePrivate: true);
            var canonical = text.Contains('\'', StringComparison.Ordinal) ? text.Replace("0h", "0'", StringComparison.Ordinal) : text;
            if (privateForm != DescriptorChecksum.AddChecksum(canonical))
            {
                failures.Add($"valid '{item.GetProperty("description").GetString()}' printed as {privateForm}");
            }

            valid++;
        }

        var invalid = 0;
        foreach (var item in bip380.GetProperty("key_expressions_invalid").EnumerateArray())
        {
            var text = $"pk({item.GetProperty("expression").GetString()})";
            if (OutputDescriptor.TryParse(text, Network.Main, requireChecksum: false, out _, out _))
            {
                failures.Add($"invalid '{item.GetProperty("description").GetString()}' accepted");
                continue;
            }

            Assert.Throws<FormatException>(() => OutputDescriptor.Parse(text, Network.Main));
            invalid++;
        }

        output.WriteLine($"bip380 key expressions: {valid} valid and {invalid} invalid passed, {failures.Count} failed, 0 skipped");
        Assert.Empty(failures);
        Assert.Equal(21, valid);
        Assert.Equal(16, invalid);
    }

    [Fact]
    public void Bip381_to_386_descriptors_expand_to_the_listed_scripts_and_invalid_ones_are_rejected()
    {
        var root = VectorFile.ReadJson(File);
        var failures = new List<string>();
        var skipped = new Dictionary<string, int>();
        var passedValid = 0;
        var passedInvalid = 0;
        foreach (var bip in ScriptBips)
        {
            foreach (var item in root.GetProperty(bip).GetProperty("valid").EnumerateArray())
            {
                var text = item.GetProperty("descriptor").GetString()!;
                if (SkipReason(text) is { } reason)
                {
                    skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                    continue;
                }

                var failure = CheckValid(text, item);
                if (failure is null)
                {
                    passedValid++;
                }
                else
                {
                    failures.Add($"{bip} {text}: {failure}");
                }
            }

            foreach (var item in root.GetProperty(bip).GetProperty("invalid").EnumerateArray())
            {
                var text = item.GetProperty("descriptor").GetString()!;
                if (SkipReason(text) is { } reason)
                {
                    skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
                    continue;
                }

                if (OutputDescriptor.TryParse(text, Network.Main, requireChecksum: false, out _, out var error))
                {
                    failures.Add($"{bip} invalid '{item.GetProperty("description").GetString()}' accepted");
                }
                else
                {
                    output.WriteLine($"  rejected ({item.GetProperty("description").GetString()}): {error}");
                    passedInvalid++;
                }
            }
        }

        output.WriteLine($"bip381-386: {passedValid} valid and {passedInvalid} invalid passed, {failures.Count} failed");
        foreach (var (reason, count) in skipped)
        {
            output.WriteLine($"  skipped {count}: {reason}");
        }

        Assert.Empty(failures);
        Assert.Equal(10, skipped.GetValueOrDefault(TaprootReason));
        Assert.Equal(10, skipped.Values.Sum());
        Assert.Equal(46, passedValid);
        Assert.Equal(28, passedInvalid);
    }

    private const string TaprootReason = "tr() (taproot, BIP386) is not supported";

    private static string? SkipReason(string descriptor) =>
        descriptor.Contains("tr(", StringComparison.Ordinal) ? TaprootReason : null;

    private static string? CheckValid(string text, JsonElement item)
    {
        if (!OutputDescriptor.TryParse(text, Network.Main, requireChecksum: false, out var descriptor, out var error))
        {
            return "rejected: " + error;
        }

        // Both printed forms parse back to a descriptor with the same public form and the same scripts.
        var reparsed = OutputDescriptor.Parse(descriptor.ToString(includePrivate: true), Network.Main, requireChecksum: true);
        if (reparsed.ToString() != descriptor.ToString())
        {
            return $"round trip changed {descriptor} into {reparsed}";
        }

        var publicOnly = OutputDescriptor.Parse(descriptor.ToString(), Network.Main, requireChecksum: true);
        if (publicOnly.HasPrivateKeys)
        {
            return "the public form still has private keys";
        }

        var expected = new List<(int Index, string[] Scripts)>();
        if (item.TryGetProperty("children", out var children))
        {
            expected.AddRange(children.EnumerateArray().Select(c =>
                (c.GetProperty("child").GetInt32(), c.GetProperty("scripts").EnumerateArray().Select(s => s.GetString()!).ToArray())));
        }
        else
        {
            var scripts = item.GetProperty("scripts").EnumerateArray().Select(s => s.GetString()!).ToArray();
            if (descriptor.Type == DescriptorType.Combo || !descriptor.IsRange)
            {
                expected.Add((0, scripts));
            }
            else
            {
                // A ranged descriptor's list holds the scripts of children 0, 1, 2...
                expected.AddRange(scripts.Select((s, i) => (i, new[] { s })));
            }
        }

        if (expected.Count == 0 || expected.Any(e => e.Scripts.Length == 0))
        {
            return "the vector lists no scripts";
        }

        foreach (var (index, scripts) in expected)
        {
            var actual = descriptor.Expand(index).Select(o => o.ScriptPubKey.ToHex()).ToArray();
            var fromPublic = publicOnly.IsRange || !ReferenceEquals(publicOnly, descriptor)
                ? TryExpandHex(publicOnly, index)
                : actual;
            if (!actual.SequenceEqual(scripts))
            {
                return $"index {index}: got [{string.Join(", ", actual)}], expected [{string.Join(", ", scripts)}]";
            }

            if (fromPublic is not null && !fromPublic.SequenceEqual(scripts))
            {
                return $"index {index}: the public form gives [{string.Join(", ", fromPublic)}]";
            }
        }

        return null;
    }

    /// <summary>The public form of an xprv with hardened steps cannot derive; that is expected, not a failure.</summary>
    private static string[]? TryExpandHex(OutputDescriptor descriptor, int index)
    {
        try
        {
            return descriptor.Expand(index).Select(o => o.ScriptPubKey.ToHex()).ToArray();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
