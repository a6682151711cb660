using Dispatch.Domain.Materials;

namespace Dispatch.Api.Materials;

/// <summary>An item and a quantity as a client sends them.</summary>
public sealed record MaterialLineInput(string? Item, int? Quantity);

/// <summary>An item and a quantity at one depot, as a client sends them.</summary>
public sealed record DepotLineInput(Guid? DepotId, string? Item, int? Quantity);

/// <summary>Checks for lines of materials; each failure is collected for one 400 problem naming the field.</summary>
public static class MaterialInputs
{
    public const int MaxQuantity = 1_000_000;
    public const int MaxLines = 100;

    /// <summary>Known items, whole quantities from 1 to <see cref="MaxQuantity"/>, each item once.</summary>
    public static IReadOnlyList<MaterialLine>? Lines(IReadOnlyList<MaterialLineInput?>? lines, MaterialsCatalog catalog, string field,
        Dictionary<string, string[]> errors)
    {
        if (lines is null || lines.Count == 0) { errors[field] = ["is required: at least one {item, quantity}"]; return null; }
        if (lines.Count > MaxLines) { errors[field] = [$"must have at most {MaxLines} lines"]; return null; }
        var result = new List<MaterialLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var item = Item(lines[i]?.Item, catalog, $"{field}[{i}].item", errors);
            var quantity = Quantity(lines[i]?.Quantity, $"{field}[{i}].quantity", errors);
            if (item is not null && result.Any(r => r.Item == item)) errors[$"{field}[{i}].item"] = [$"'{item}' is listed twice; give it once"];
            else if (item is not null && quantity is not null) result.Add(new MaterialLine(item, quantity.Value));
        }
        return errors.Keys.Any(k => k.StartsWith(field, StringComparison.Ordinal)) ? null : result;
    }

    /// <summary>Lines at depots; null without an error when none are given (the endpoint's default then applies).</summary>
    public static IReadOnlyList<DepotLine>? DepotLines(IReadOnlyList<DepotLineInput?>? lines, MaterialsCatalog catalog, string field,
        Dictionary<string, string[]> errors)
    {
        if (lines is null) return null;
        if (lines.Count == 0) { errors[field] = ["leave it out for all lines, or give at least one {depotId, item, quantity}"]; return null; }
        if (lines.Count > MaxLines) { errors[field] = [$"must have at most {MaxLines} lines"]; return null; }
        var result = new List<DepotLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var depot = lines[i]?.DepotId;
            if (depot is null || depot == Guid.Empty) errors[$"{field}[{i}].depotId"] = ["is required"];
            var item = Item(lines[i]?.Item, catalog, $"{field}[{i}].item", errors);
            var quantity = Quantity(lines[i]?.Quantity, $"{field}[{i}].quantity", errors);
            if (depot is { } d && d != Guid.Empty && item is not null && quantity is not null) result.Add(new DepotLine(d, item, quantity.Value));
        }
        return errors.Keys.Any(k => k.StartsWith(field, StringComparison.Ordinal)) ? null : result;
    }

    public static string? Item(string? item, MaterialsCatalog catalog, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(item)) errors[field] = ["is required"];
        else if (!catalog.ItemsByCode.ContainsKey(item))
            errors[field] = [$"'{Printable(item)}' is not an item code; one of {string.Join(", ", catalog.Items.Select(i => i.Code))}"];
        else return item;
        return null;
    }

    public static int? Quantity(int? quantity, string field, Dictionary<string, string[]> errors)
    {
        if (quantity is null) errors[field] = ["is required"];
        else if (quantity < 1 || quantity > MaxQuantity) errors[field] = [$"must be a whole number from 1 to {MaxQuantity}"];
        else return quantity;
        return null;
    }

    private static string Printable(string value)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length > 64 ? clean[..64] + "…" : clean;
    }
}
