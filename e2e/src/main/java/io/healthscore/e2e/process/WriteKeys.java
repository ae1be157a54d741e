package io.healthscore.e2e.process;

/**
 * The two write keys of a run, as a real installation has them: the product's SDK key, which may send usage
 * events only (source {@value #PRODUCT_SOURCE}), and the CRM's key, which owns the accounts' profiles and sends the
 * signals that billing, the help desk and the survey tool would send (source {@value #CRM_SOURCE}).
 */
public record WriteKeys(String product, String crm) {

    public static final String PRODUCT_SOURCE = "product";
    public static final String CRM_SOURCE = "crm";
    /** The CRM source's scope, in ingest's configuration terms. */
    public static final String CRM_SCOPE = "usage=false profile-fields=all signals=all";
    public static final String PRODUCT_SCOPE = "usage events only";

    /** Two fresh random keys. */
    public static WriteKeys random() {
        return new WriteKeys(RunFiles.randomSecret(), RunFiles.randomSecret());
    }

    @Override
    public String toString() {
        return "WriteKeys[product=[hidden], crm=[hidden]]";
    }
}
