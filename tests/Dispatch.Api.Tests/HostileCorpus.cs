using System.Text;
using System.Text.Json.Nodes;

namespace Dispatch.Api.Tests;

/// <summary>One hostile request: method, path, content type and raw body bytes.</summary>
public sealed record HostileRequest(string Endpoint, string Path, string? ContentType, byte[] Body, string What);

/// <summary>
/// A deterministic corpus of malformed and hostile requests against every write endpoint: each valid
/// body mutated field by field (missing, null, wrong type, extreme numbers, huge, control characters,
/// lone surrogates, unknown enum values), whole-body damage (truncated, invalid UTF-8, deep nesting,
/// not JSON, wrong content type, empty) and hostile ids in the path. The seed fixes it: the same
/// requests every run.
/// </summary>
public static class HostileCorpus
{
    private static readonly JsonNode?[] BadValues =
    [
        null, "", " ", "\u0000", "a\u0000b", "\ud83d\ude00", "\u202e\u2066", new string('长', 5000), new string('x', 100_000),
        0, -1, 1e308, -1e308, long.MaxValue, double.Epsilon, true, false,
        new JsonArray(), new JsonArray(1, 2), new JsonObject(), new JsonObject { ["$type"] = "System.IO.File" },
        "NaN", "Infinity", "00000000-0000-0000-0000-000000000000", "not-a-guid", "{d3b07384-d9a7-4f3e-9c1b-000000000000}",
        "flying", "EN-ROUTE", "en_route", "GCJ02 ", "wgs-84\n", "'; drop table mt_events; --", "<script>alert(1)</script>",
    ];

    private static readonly string[] RawBodies =
    [
        "", "{", "}", "[", "null", "true", "42", "\"text\"", "[]", "{\"a\":}", "{'single':'quotes'}", "{\"a\":1,}",
        "{\"status\":\"\\ud800\"}", "{\"reason\":\"\\udfff\"}", "{\"description\":\"\\u0000\"}",
        new string('[', 5000) + new string(']', 5000), "{\"a\":" + new string('1', 100_000) + "}", "\uFEFF{}",
    ];

    public static IReadOnlyList<HostileRequest> Build(IReadOnlyDictionary<string, (string Path, JsonObject Body)> endpoints, int seed)
    {
        var random = new Random(seed);
        var corpus = new List<HostileRequest>();
        foreach (var (name, (path, valid)) in endpoints)
        {
            foreach (var field in Fields(valid))
            {
                corpus.Add(Json(name, path, Without(valid, field), $"{field} missing"));
                foreach (var bad in BadValues)
                    corpus.Add(Json(name, path, With(valid, field, bad?.DeepClone()), $"{field} = {Describe(bad)}"));
            }
            foreach (var raw in RawBodies)
                corpus.Add(new HostileRequest(name, path, "application/json", Encoding.UTF8.GetBytes(raw), $"raw {Describe(raw)}"));
            corpus.Add(new HostileRequest(name, path, "application/json", [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D], "invalid UTF-8"));
            corpus.Add(new HostileRequest(name, path, "application/json", [0xFF, 0xFE, 0x00, 0x00], "binary"));
            corpus.Add(new HostileRequest(name, path, "text/plain", Encoding.UTF8.GetBytes(valid.ToJsonString()), "text/plain"));
            corpus.Add(new HostileRequest(name, path, "application/xml", Encoding.UTF8.GetBytes("<a/>"), "xml"));
            corpus.Add(new HostileRequest(name, path, null, Encoding.UTF8.GetBytes(valid.ToJsonString()), "no content type"));
            corpus.Add(new HostileRequest(name, path, "application/x-www-form-urlencoded", "status=cleared"u8.ToArray(), "form"));
            foreach (var hostilePath in HostilePaths(path))
                corpus.Add(Json(name, hostilePath, valid, $"path {hostilePath}"));
            // Random combinations of several damaged fields at once.
            for (var i = 0; i < 130; i++)
            {
                var body = (JsonObject)valid.DeepClone();
                foreach (var field in Fields(valid).Where(_ => random.NextDouble() < 0.5))
                    body = With(body, field, BadValues[random.Next(BadValues.Length)]?.DeepClone());
                corpus.Add(Json(name, path, body, $"combination {i}"));
            }
        }
        return corpus;
    }

    private static IEnumerable<string> Fields(JsonObject body, string prefix = "")
    {
        foreach (var (key, value) in body)
        {
            yield return prefix + key;
            if (value is JsonObject inner)
                foreach (var nested in Fields(inner, prefix + key + "."))
                    yield return nested;
            // Into the first object of an array too (a batch's first item), addressed by its index.
            if (value is JsonArray { Count: > 0 } array && array[0] is JsonObject item)
                foreach (var nested in Fields(item, prefix + key + ".0."))
                    yield return nested;
        }
    }

    private static JsonObject With(JsonObject body, string field, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        if (Parent(copy, field) is { } parent) parent[field.Split('.')[^1]] = value;
        return copy;
    }

    private static JsonObject Without(JsonObject body, string field)
    {
        var copy = (JsonObject)body.DeepClone();
        Parent(copy, field)?.Remove(field.Split('.')[^1]);
        return copy;
    }

    /// <summary>The object holding the field, or null when an earlier mutation replaced it with something else.</summary>
    private static JsonObject? Parent(JsonObject body, string field)
    {
        JsonNode? node = body;
        foreach (var part in field.Split('.')[..^1])
            node = node switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var index) && index < a.Count => a[index],
                _ => null,
            };
        return node as JsonObject;
    }

    private static IEnumerable<string> HostilePaths(string path)
    {
        var guid = System.Text.RegularExpressions.Regex.Match(path, "[0-9a-f]{8}-[0-9a-f-]{27}").Value;
        if (guid.Length == 0) yield break;
        foreach (var replacement in new[]
                 {
                     "00000000-0000-0000-0000-000000000000", Guid.CreateVersion7().ToString(), "not-a-guid", "..%2F..%2Fetc",
                     guid.ToUpperInvariant(), "{" + guid + "}", new string('9', 5000), "%00", "%E4%B8%AD",
                 })
            yield return path.Replace(guid, replacement);
    }

    private static HostileRequest Json(string endpoint, string path, JsonNode body, string what) =>
        new(endpoint, path, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()), what);

    private static string Describe(object? value)
    {
        var text = value?.ToString() ?? "null";
        return text.Length > 40 ? text[..40] + $"... ({text.Length} chars)" : text;
    }
}
