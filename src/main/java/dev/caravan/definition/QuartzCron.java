package dev.caravan.definition;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A schedule's cron as Quartz reads it. A standard 5-field cron (minute hour day-of-month month
 * day-of-week) is translated: Quartz wants a seconds field first, a {@code ?} in one of the two day
 * fields, and numbers its weekdays 1-7 from Sunday where cron has 0-7 (0 and 7 both Sunday). A 6
 * or 7-field expression is Quartz's own and is taken as written.
 *
 * <p>What Quartz cannot say the way cron means it is refused rather than approximated: a cron that
 * restricts both day-of-month and day-of-week fires when either matches, which no single Quartz
 * expression expresses. Quartz-only characters ({@code L W # ?}) in a 5-field cron are refused too,
 * since the user wrote standard cron and would not get standard cron's meaning.
 */
public final class QuartzCron {

    private static final Pattern ITEM = Pattern.compile("(\\*|[A-Z0-9]+)(?:-([A-Z0-9]+))?(?:/(\\d+))?");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private record Field(String name, int min, int max, List<String> names, int firstNameValue) {
    }

    private static final Field MINUTE = new Field("minute", 0, 59, List.of(), 0);
    private static final Field HOUR = new Field("hour", 0, 23, List.of(), 0);
    private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of(), 0);
    private static final Field MONTH = new Field("month", 1, 12, MONTHS, 1);
    /** 7 is Sunday as 0 is, in cron. */
    private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 7, WEEKDAYS, 0);

    private QuartzCron() {
    }

    /**
     * The Quartz expression of a schedule's cron.
     *
     * @throws IllegalArgumentException with what is wrong, in words for the user, when the cron is invalid
     */
    public static String toQuartz(String cron) {
        String[] fields = cron.trim().toUpperCase(Locale.ROOT).split("\\s+");
        return switch (fields.length) {
            case 5 -> translate(fields);
            case 6, 7 -> checkedQuartz(String.join(" ", fields));
            default -> throw new IllegalArgumentException(CronCheck.EXPECTED);
        };
    }

    private static String translate(String[] fields) {
        for (String field : fields) {
            if (withoutNames(field).matches(".*[LW#?].*")) {
                throw new IllegalArgumentException("'" + field + "' uses a Quartz-only character (L W # ?), "
                        + "which standard 5-field cron does not have; write a 6-field Quartz expression to use it");
            }
        }
        String minute = checked(fields[0], MINUTE);
        String hour = checked(fields[1], HOUR);
        String dayOfMonth = checked(fields[2], DAY_OF_MONTH);
        String month = checked(fields[3], MONTH);
        String dayOfWeek = fields[4].equals("*") ? "*" : quartzWeekdays(fields[4]);
        boolean daysOfMonth = !dayOfMonth.equals("*");
        boolean daysOfWeek = !dayOfWeek.equals("*");
        if (daysOfMonth && daysOfWeek) {
            throw new IllegalArgumentException("it restricts both day-of-month (" + fields[2] + ") and day-of-week ("
                    + fields[4] + "), and cron then fires on a day that matches either, which Quartz cannot express; "
                    + "restrict only one of them, or write a 6-field Quartz expression");
        }
        String quartz = String.join(" ", "0", minute, hour, daysOfWeek ? "?" : dayOfMonth, month,
                daysOfWeek ? dayOfWeek : "?");
        return checkedQuartz(quartz);
    }

    /** The field without month and weekday names, whose letters (JUL, WED) are not Quartz's L and W. */
    private static String withoutNames(String field) {
        String plain = field;
        for (String name : MONTHS) {
            plain = plain.replace(name, "");
        }
        for (String name : WEEKDAYS) {
            plain = plain.replace(name, "");
        }
        return plain;
    }

    /** A field whose numbering is the same in cron and Quartz: checked, then kept as written. */
    private static String checked(String field, Field kind) {
        values(field, kind);
        return field;
    }

    /** Cron's weekdays (0-7, names) as Quartz's (1-7 from Sunday), listed and collapsed into ranges. */
    private static String quartzWeekdays(String field) {
        TreeSet<Integer> quartzDays = new TreeSet<>();
        for (int day : values(field, DAY_OF_WEEK)) {
            quartzDays.add(day % 7 + 1);
        }
        return ranges(quartzDays);
    }

    /** Every value a field selects; refuses what is out of range, backwards, a zero step or not a value. */
    private static TreeSet<Integer> values(String field, Field kind) {
        TreeSet<Integer> values = new TreeSet<>();
        for (String item : field.split(",", -1)) {
            Matcher parts = ITEM.matcher(item);
            if (!parts.matches()) {
                throw new IllegalArgumentException("the " + kind.name() + " field '" + field
                        + "' is not a value, range, list or step");
            }
            boolean star = parts.group(1).equals("*");
            if (star && parts.group(2) != null) {
                throw new IllegalArgumentException("the " + kind.name() + " field '" + field + "' has a range from *");
            }
            int from = star ? kind.min() : value(parts.group(1), kind);
            int to = parts.group(2) != null ? value(parts.group(2), kind) : star || parts.group(3) != null ? kind.max() : from;
            int step = parts.group(3) == null ? 1 : Integer.parseInt(parts.group(3));
            if (step == 0) {
                throw new IllegalArgumentException("the " + kind.name() + " field '" + field + "' has a step of 0");
            }
            if (from > to) {
                throw new IllegalArgumentException("the " + kind.name() + " field '" + field + "' has a backwards range "
                        + parts.group(1) + "-" + parts.group(2));
            }
            for (int value = from; value <= to; value += step) {
                values.add(value);
            }
        }
        return values;
    }

    private static int value(String text, Field kind) {
        int named = kind.names().indexOf(text);
        if (named >= 0) {
            return named + kind.firstNameValue();
        }
        if (!text.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("the " + kind.name() + " field has '" + text + "', which is not "
                    + (kind.names().isEmpty() ? "a number" : "a number or one of " + String.join(" ", kind.names())));
        }
        int value = Integer.parseInt(text);
        if (value < kind.min() || value > kind.max()) {
            throw new IllegalArgumentException("the " + kind.name() + " field has " + value + ", out of its range "
                    + kind.min() + "-" + kind.max());
        }
        return value;
    }

    /** {@code [2,3,4,5,6]} as {@code 2-6}, {@code [1,3,4,5]} as {@code 1,3-5}. */
    private static String ranges(TreeSet<Integer> values) {
        List<String> parts = new ArrayList<>();
        Integer start = null;
        Integer previous = null;
        for (int value : values) {
            if (previous != null && value == previous + 1) {
                previous = value;
                continue;
            }
            if (start != null) {
                parts.add(range(start, previous));
            }
            start = value;
            previous = value;
        }
        parts.add(range(start, previous));
        return String.join(",", parts);
    }

    private static String range(int start, int end) {
        return start == end ? Integer.toString(start) : start + "-" + end;
    }

    /** Quartz's own reading of an expression; its complaint, when it has one, is the user's error. */
    private static String checkedQuartz(String quartz) {
        try {
            new CronExpression(quartz);
            return quartz;
        } catch (ParseException e) {
            throw new IllegalArgumentException("Quartz cannot read '" + quartz + "': " + e.getMessage());
        } catch (RuntimeException e) {
            // Quartz throws unchecked errors (a number past the field's end) for some inputs
            throw new IllegalArgumentException("Quartz cannot read '" + quartz + "': " + e);
        }
    }
}
