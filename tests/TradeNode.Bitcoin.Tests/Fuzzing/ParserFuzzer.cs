using System.Diagnostics;

namespace TradeNode.Bitcoin.Tests.Fuzzing;

/// <summary>
/// Feeds a parser thousands of random and mutated inputs (from valid seeds) with a fixed random seed, and checks
/// that it only ever succeeds or throws <see cref="FormatException"/> with a sentence: never another exception,
/// never a hang.
/// </summary>
internal static class ParserFuzzer
{
    /// <summary>A generous bound for a whole run; only a hang or a pathological blow-up could reach it.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    public static FuzzReport FuzzBytes(Action<byte[]> parse, IReadOnlyList<byte[]> seeds, int iterations, int randomSeed = 1) =>
        RunAll(GenerateBytes(new Random(randomSeed), seeds, iterations), parse, input => Convert.ToHexStringLower(input.AsSpan(0, Math.Min(input.Length, 64))));

    public static FuzzReport FuzzText(Action<string> parse, IReadOnlyList<string> seeds, int iterations, int randomSeed = 1) =>
        RunAll(GenerateText(new Random(randomSeed), seeds, iterations), parse, input => input.Length > 80 ? input[..80] + "…" : input);

    /// <summary>Runs every input on a dedicated thread, so a hang is caught by the watchdog join and reported with its input.</summary>
    private static FuzzReport RunAll<T>(IEnumerable<T> inputs, Action<T> parse, Func<T, string> show)
    {
        var report = new FuzzReport();
        var current = string.Empty;
        var worker = new Thread(() =>
        {
            foreach (var input in inputs)
            {
                current = show(input);
                var watch = Stopwatch.StartNew();
                try
                {
                    parse(input);
                    report.Accepted++;
                }
                catch (FormatException format)
                {
                    report.Rejected++;
                    if (string.IsNullOrWhiteSpace(format.Message) || format.Message.Length < 10)
                    {
                        report.Failures.Add($"FormatException without a sentence ('{format.Message}') on {current}");
                    }
                }
#pragma warning disable CA1031 // Any other exception is exactly what this harness reports.
                catch (Exception other)
#pragma warning restore CA1031
                {
                    report.Failures.Add($"{other.GetType().Name}: {other.Message} on {current}");
                }

                report.Slowest = watch.Elapsed > report.Slowest ? watch.Elapsed : report.Slowest;
            }
        }, maxStackSize: 16 * 1024 * 1024)
        {
            IsBackground = true,
        };
        worker.Start();
        if (!worker.Join(HangLimit))
        {
            report.Failures.Add($"hang: the run did not finish within {HangLimit.TotalSeconds} s; last input {current}");
        }

        return report;
    }

    private static IEnumerable<byte[]> GenerateBytes(Random random, IReadOnlyList<byte[]> seeds, int iterations)
    {
        yield return [];
        for (var i = 0; i < iterations; i++)
        {
            if (seeds.Count == 0 || i % 4 == 0)
            {
                var random1 = new byte[random.Next(0, 300)];
                random.NextBytes(random1);
                yield return random1;
                continue;
            }

            var seed = seeds[random.Next(seeds.Count)];
            yield return Mutate(random, seed);
        }

        // Every truncation of the first seed.
        if (seeds.Count > 0)
        {
            for (var length = 0; length < seeds[0].Length; length++)
            {
                yield return seeds[0][..length];
            }
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var data = new List<byte>(seed);
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            var position = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0:
                    data[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when data.Count > 0:
                    data[position] = (byte)random.Next(256);
                    break;
                case 2:
                    data.Insert(position, (byte)random.Next(256));
                    break;
                case 3 when data.Count > 0:
                    data.RemoveAt(position);
                    break;
                case 4:
                    data.RemoveRange(position, data.Count - position);
                    break;
                default:
                    // Interesting boundary values where lengths and counts live.
                    byte[] boundary = [0x00, 0xfc, 0xfd, 0xfe, 0xff, 0x7f, 0x80];
                    if (data.Count > 0)
                    {
                        data[position] = boundary[random.Next(boundary.Length)];
                    }

                    break;
            }
        }

        return [.. data];
    }

    private static IEnumerable<string> GenerateText(Random random, IReadOnlyList<string> seeds, int iterations)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/'[]()*,#:= \t\u00e9\u0000\uffff";
        yield return string.Empty;
        yield return new string('(', 5000);
        yield return new string('1', 5000);
        for (var i = 0; i < iterations; i++)
        {
            if (seeds.Count == 0 || i % 4 == 0)
            {
                var chars = new char[random.Next(0, 120)];
                for (var c = 0; c < chars.Length; c++)
                {
                    chars[c] = alphabet[random.Next(alphabet.Length)];
                }

                yield return new string(chars);
                continue;
            }

            var seed = seeds[random.Next(seeds.Count)].ToCharArray().ToList();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                var position = seed.Count == 0 ? 0 : random.Next(seed.Count);
                switch (random.Next(5))
                {
                    case 0 when seed.Count > 0:
                        seed[position] = alphabet[random.Next(alphabet.Length)];
                        break;
                    case 1:
                        seed.Insert(position, alphabet[random.Next(alphabet.Length)]);
                        break;
                    case 2 when seed.Count > 0:
                        seed.RemoveAt(position);
                        break;
                    case 3:
                        seed.RemoveRange(position, seed.Count - position);
                        break;
                    default:
                        if (seed.Count > 0)
                        {
                            seed[position] = char.IsUpper(seed[position]) ? char.ToLowerInvariant(seed[position]) : char.ToUpperInvariant(seed[position]);
                        }

                        break;
                }
            }

            yield return new string([.. seed]);
        }
    }
}
