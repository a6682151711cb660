using Dispatch.Domain.Materials;
using Dispatch.Api.Materials;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Plans;

namespace Dispatch.Api.Plans;

public sealed record MaterialsInput(List<MaterialLineInput?>? Small, List<MaterialLineInput?>? Large, List<MaterialLineInput?>? Major);

public sealed record DepartmentDutyInput(string? Department, List<string?>? Steps);

/// <summary>Field checks of a plan version's content (400); whether the codes are known is the decider's rule (422).</summary>
public static class PlanContentRules
{
    public const int MaxSteps = 50;
    public const int MaxDepartments = 20;
    public const int MaxLines = 50;

    /// <summary>
    /// The content from the request. With <paramref name="current"/> (a revision) a field left out keeps the current
    /// version's; without it (publishing) every field is required.
    /// </summary>
    public static PlanContent? Content(string? title, List<string?>? steps, List<DepartmentDutyInput?>? departments, MaterialsInput? materials,
        PlanContent? current, Dictionary<string, string[]> errors)
    {
        var before = errors.Count;
        var newTitle = title is null && current is not null ? current.Title : RequestRules.Required(title, 200, "title", errors);
        var newSteps = steps is null && current is not null ? current.Steps : Steps(steps, MaxSteps, "steps", errors);
        IReadOnlyList<DepartmentDuty>? newDepartments = current?.Departments;
        if (departments is not null || current is null)
        {
            if (departments is null) errors["departments"] = ["is required (an empty list when no department takes part)"];
            else if (departments.Count > MaxDepartments) errors["departments"] = [$"must list at most {MaxDepartments} departments"];
            else
                newDepartments = departments.Select((d, i) => d is null
                    ? Fail<DepartmentDuty>(errors, $"departments[{i}]", "must be an object {department, steps}")
                    : RequestRules.Code(d.Department, $"departments[{i}].department", errors) is { } code
                      && Steps(d.Steps, 30, $"departments[{i}].steps", errors) is { } duty
                        ? new DepartmentDuty(code, duty) : null).ToList()!;
        }
        var newMaterials = materials is null && current is not null ? current.Materials : Materials(materials, errors);
        return errors.Count > before ? null : new PlanContent(newTitle!, newSteps!, newDepartments!, newMaterials!);
    }

    private static IReadOnlyList<string>? Steps(List<string?>? steps, int max, string field, Dictionary<string, string[]> errors)
    {
        if (steps is not { Count: > 0 }) { errors[field] = ["needs at least one step"]; return null; }
        if (steps.Count > max) { errors[field] = [$"must list at most {max} steps"]; return null; }
        var result = steps.Select((s, i) => RequestRules.Required(s, 1000, $"{field}[{i}]", errors)).ToList();
        return result.All(s => s is not null) ? result.Select(s => s!).ToList() : null;
    }

    private static PlanMaterials? Materials(MaterialsInput? materials, Dictionary<string, string[]> errors)
    {
        if (materials is null) { errors["materials"] = ["is required: {small, large, major}, each a list of {item, quantity}"]; return null; }
        var small = Lines(materials.Small, "materials.small", errors);
        var large = Lines(materials.Large, "materials.large", errors);
        var major = Lines(materials.Major, "materials.major", errors);
        return small is null || large is null || major is null ? null : new PlanMaterials(small, large, major);
    }

    private static IReadOnlyList<MaterialLine>? Lines(List<MaterialLineInput?>? lines, string field, Dictionary<string, string[]> errors)
    {
        if (lines is null) { errors[field] = ["is required (an empty list when this scale needs nothing)"]; return null; }
        if (lines.Count > MaxLines) { errors[field] = [$"must list at most {MaxLines} lines"]; return null; }
        var result = lines.Select((l, i) => l is null
            ? Fail<MaterialLine>(errors, $"{field}[{i}]", "must be an object {item, quantity}")
            : RequestRules.Code(l.Item, $"{field}[{i}].item", errors) is { } item
              && RequestRules.Range(l.Quantity, 1, 1_000_000, $"{field}[{i}].quantity", errors) is { } quantity
                ? new MaterialLine(item, quantity) : null).ToList();
        return result.All(l => l is not null) ? result.Select(l => l!).ToList() : null;
    }

    private static T? Fail<T>(Dictionary<string, string[]> errors, string field, string message) where T : class
    {
        errors[field] = [message];
        return null;
    }

    /// <summary>Lessons: 1 to 20 texts of at most 2000 characters.</summary>
    public static IReadOnlyList<string>? Lessons(List<string?>? lessons, Dictionary<string, string[]> errors) =>
        lessons is { Count: > 20 } ? Fail<IReadOnlyList<string>>(errors, "lessons", "must list at most 20 lessons") : Texts(lessons, errors);

    private static IReadOnlyList<string>? Texts(List<string?>? lessons, Dictionary<string, string[]> errors)
    {
        if (lessons is not { Count: > 0 }) { errors["lessons"] = ["needs at least one lesson"]; return null; }
        var result = lessons.Select((s, i) => RequestRules.Required(s, 2000, $"lessons[{i}]", errors)).ToList();
        return result.All(s => s is not null) ? result.Select(s => s!).ToList() : null;
    }

    public static string? OneOf(string? value, IReadOnlyList<string> allowed, string field, Dictionary<string, string[]> errors)
    {
        if (value is null) errors[field] = [$"is required: one of {string.Join(", ", allowed)}"];
        else if (!allowed.Contains(value)) errors[field] = [$"must be one of {string.Join(", ", allowed)}"];
        else return value;
        return null;
    }
}
